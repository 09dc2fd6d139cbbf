import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { place, type PlacementRequest } from '../../../src/main/core/builders/placement';
import type { BuilderCapabilities, PoolMember } from '../../../src/main/core/builders/pool-ports';
import { inEnglish } from '../../../src/shared/i18n/translate';

// Placement is pure: members and load in, a decision out. These members never reach an engine.
function member(id: string, caps: Partial<BuilderCapabilities> | null, extra: Partial<Pick<PoolMember, 'capacity' | 'health'>> = {}): PoolMember {
  return {
    id,
    name: `builder-${id}`,
    engine: { endpoint: `tcp://127.0.0.1:1`, source: 'DOCKER_HOST' },
    docker: {} as Docker,
    capacity: extra.capacity ?? 1,
    health: extra.health ?? { state: 'healthy' },
    capabilities: caps === null ? null : { engineKind: 'docker', engineVersion: '20.10', apiVersion: '1.41', buildkitVersion: '0.8', nativePlatforms: ['linux/amd64'], emulatedPlatforms: [], session: true, ...caps },
  };
}

const amd = member('amd', { nativePlatforms: ['linux/amd64'], emulatedPlatforms: ['linux/arm64'] });
const arm = member('arm', { nativePlatforms: ['linux/arm64'], emulatedPlatforms: ['linux/amd64'] });
const podman = member('podman', { engineKind: 'podman', session: false, buildkitVersion: null });
const idle = () => 0;
const request = (r: Partial<PlacementRequest>): PlacementRequest => ({ platforms: [], pool: 'any', needsSession: false, lost: [], ...r });

test('each platform goes to the builder that runs it natively, spread across builders', () => {
  const d = place(request({ platforms: ['linux/amd64', 'linux/arm64'] }), [amd, arm], idle);
  assert.equal(d.kind, 'placed');
  assert.deepEqual(d.kind === 'placed' && d.placements.map((p) => [p.platform, p.builderId, p.fit]), [
    ['linux/amd64', 'amd', 'native'],
    ['linux/arm64', 'arm', 'native'],
  ]);
});

test('with the native builder busy, a free builder that emulates the platform takes it; one build uses one slot per builder', () => {
  const busyArm = (id: string) => (id === 'arm' ? 1 : 0);
  const d = place(request({ platforms: ['linux/amd64', 'linux/arm64'] }), [amd, arm], busyArm);
  assert.equal(d.kind, 'placed');
  assert.deepEqual(d.kind === 'placed' && d.placements.map((p) => [p.platform, p.builderId, p.fit]), [
    ['linux/amd64', 'amd', 'native'],
    ['linux/arm64', 'amd', 'emulated'],
  ]);
});

test('emulation on an unused builder beats emulation on one the build already uses (spreading)', () => {
  const amd2 = member('amd2', { nativePlatforms: ['linux/amd64'], emulatedPlatforms: ['linux/arm64'] });
  const d = place(request({ platforms: ['linux/amd64', 'linux/arm64/v8'] }), [amd, amd2], idle);
  assert.deepEqual(d.kind === 'placed' && d.placements.map((p) => [p.builderId, p.fit]), [
    ['amd', 'native'],
    ['amd2', 'emulated'],
  ]);
});

test('a build waits while every eligible builder is busy or resting, naming the builders it waits for', () => {
  const resting = member('arm', { nativePlatforms: ['linux/arm64'] }, { health: { state: 'resting', failures: 1, until: new Date(Date.now() + 60_000).toISOString(), reason: 'refused' } });
  const d = place(request({ platforms: ['linux/arm64'] }), [amd, resting], (id) => (id === 'amd' ? 1 : 0));
  assert.deepEqual(d, { kind: 'wait', builders: ['amd', 'arm'] });
  // Its rest over, the builder is tried again.
  const rested = member('arm', { nativePlatforms: ['linux/arm64'] }, { health: { state: 'resting', failures: 1, until: new Date(Date.now() - 1000).toISOString(), reason: 'refused' } });
  const again = place(request({ platforms: ['linux/arm64'] }), [amd, rested], (id) => (id === 'amd' ? 1 : 0));
  assert.equal(again.kind === 'placed' && again.placements[0]?.builderId, 'arm');
});

test('capacity: a builder with two slots takes a second build', () => {
  const big = member('big', {}, { capacity: 2 });
  assert.equal(place(request({}), [big], () => 1).kind, 'placed');
  assert.equal(place(request({}), [big], () => 2).kind, 'wait');
});

test('a chosen set keeps builds off the other builders, and says when its builder is the only one', () => {
  const d = place(request({ pool: ['arm'] }), [amd, arm], idle);
  assert.equal(d.kind, 'placed');
  const p = d.kind === 'placed' ? d.placements[0] : undefined;
  assert.deepEqual(p && [p.builderId, p.platform, p.fit, p.onlyBuilder, p.afterFailover], ['arm', 'linux/arm64', 'native', true, false]);
});

test('secret build parameters are refused up front on builders without a BuildKit session, naming them', () => {
  const d = place(request({ pool: ['podman'], needsSession: true }), [amd, podman], idle);
  assert.equal(d.kind, 'impossible');
  const text = d.kind === 'impossible' ? inEnglish(d.reason) : '';
  assert.match(text, /secret build parameters/);
  assert.match(text, /"builder-podman"/);
  // With a Docker engine in the pool too, the build goes there instead.
  const mixed = place(request({ needsSession: true }), [podman, amd], idle);
  assert.equal(mixed.kind === 'placed' && mixed.placements[0]?.builderId, 'amd');
  // Without secrets Podman builds as any other.
  assert.equal(place(request({ pool: ['podman'] }), [amd, podman], idle).kind, 'placed');
});

test('a platform no builder runs or emulates fails with the platform named; an unprobed builder keeps the build waiting instead', () => {
  const d = place(request({ platforms: ['linux/s390x'] }), [amd, arm], idle);
  assert.equal(d.kind, 'impossible');
  assert.match(d.kind === 'impossible' ? inEnglish(d.reason) : '', /linux\/s390x/);
  const unknown = member('new', null);
  assert.deepEqual(place(request({ platforms: ['linux/s390x'] }), [amd, unknown], idle), { kind: 'wait', builders: ['new'] });
});

test('a build that lost a builder goes to another, marked after failover; with none left it cannot be placed', () => {
  const d = place(request({ lost: ['amd'] }), [amd, arm], idle);
  assert.deepEqual(d.kind === 'placed' && d.placements.map((p) => [p.builderId, p.afterFailover, p.fit]), [['arm', true, 'native']]);
  assert.equal(place(request({ pool: ['amd'], lost: ['amd'] }), [amd, arm], idle).kind, 'impossible');
});

test('a chosen set whose builders were all removed cannot be placed', () => {
  assert.equal(place(request({ pool: ['gone'] }), [amd], idle).kind, 'impossible');
});
