import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import { createBuilderPool } from '../../../src/main/core/builders/builder-pool';
import { probeCapabilities } from '../../../src/main/core/builders/capabilities';
import { connectEngine } from '../../../src/main/core/docker/engine';
import { AppError } from '../../../src/shared/errors';
import type { BuilderEntry } from '../../../src/main/core/builds/builder-store';
import type { BuilderView } from '../../../src/shared/models/builder';
import { call } from '../../support/build-fixture';
import { testCore } from '../../support/core';
import { testEngine, type TestEngine } from '../../support/engine';
import { startPodmanService } from '../../support/podman-service';
import { freePort } from '../../support/ports';
import { remoteEngine } from '../../support/remote-engine';
import { tempDir } from '../../support/temp';
import { until } from '../../support/triggers';

let engine: TestEngine;
let core: Core;
let dataDir: string;

/** qemu-user-static's handler, enabled (scripts/setup.sh installs it; TESTING.md: `update-binfmts --enable`). */
function arm64Emulation(): boolean {
  const handler = '/proc/sys/fs/binfmt_misc/qemu-aarch64';
  return existsSync(handler) && readFileSync(handler, 'utf8').startsWith('enabled');
}

before(async () => {
  engine = await testEngine();
  dataDir = tempDir();
  core = testCore(dataDir, { DOCKER_CONFIG: dataDir, DOCKER_HOST: engine.host });
});

after(() => core.close());

const list = () => call<BuilderView[]>(core, 'builders:list', {});

/** The builder's answer; on a machine busy enough to miss the first probe's 3 s bound, Check again (8 s) gives it. */
async function answered(id: string): Promise<BuilderView | undefined> {
  const first = (await list()).find((b) => b.id === id);
  if (first?.capabilities) return first;
  return (await call<BuilderView[]>(core, 'builders:check', { id })).find((b) => b.id === id);
}

test('the local engine reports its native platform, what BuildKit emulates, and that it opens sessions', async () => {
  assert.equal(arm64Emulation(), true, 'qemu-aarch64 binfmt handler is not enabled: run `update-binfmts --enable qemu-aarch64` (TESTING.md)');
  const local = await answered('local');
  assert.ok(local?.capabilities, JSON.stringify(local));
  const caps = local.capabilities;
  assert.equal(caps.engineKind, 'docker');
  assert.match(caps.engineVersion, /^20\.10\./);
  assert.equal(caps.apiVersion, '1.41');
  assert.equal(caps.session, true);
  assert.equal(caps.platformsFrom, 'buildkit', "BuildKit's ListWorkers answered through POST /grpc");
  assert.deepEqual(caps.nativePlatforms, ['linux/amd64']);
  assert.equal(caps.detectedNativePlatform, 'linux/amd64');
  assert.ok(caps.emulatedPlatforms.includes('linux/arm64'), `emulated: ${caps.emulatedPlatforms.join(', ')}`);
  assert.ok(!caps.emulatedPlatforms.includes('linux/amd64'), 'the native platform is not listed as emulated');
  // Engine 20.10's BuildKit (0.8) has no Control/Info and no version in its worker records.
  assert.equal(caps.buildkitVersion, null);
  assert.deepEqual(local.health, { state: 'healthy' });
  assert.equal(local.capacity, 1);
  assert.deepEqual(local.load, { running: 0, waiting: 0 });
  assert.equal(local.status.state, 'reachable');
});

test('the TLS remote engine is probed through its certificates; a declaration overrides and settings persist', async () => {
  const remote = await remoteEngine();
  const created = await call<BuilderView>(core, 'builders:create', { name: 'remote-tls', endpoint: remote.endpoint, caCertPem: remote.caPem, clientCertPem: remote.clientCertPem, clientKeyPem: remote.clientKeyPem });
  assert.equal(created.status.state, 'reachable', JSON.stringify(created));
  assert.deepEqual(created.capabilities?.nativePlatforms, ['linux/amd64']);
  assert.equal(created.capabilities?.platformsFrom, 'buildkit', 'the /grpc upgrade works over TLS too');
  assert.ok(created.capabilities?.emulatedPlatforms.includes('linux/arm64'));

  // Declared arm64-native (through its QEMU): placement sees arm64 as native, amd64 as emulated.
  const declared = await call<BuilderView>(core, 'builders:update', { id: created.id, capacity: 3, nativePlatforms: ['linux/arm64'] });
  assert.equal(declared.capacity, 3);
  assert.deepEqual(declared.declaredPlatforms, ['linux/arm64']);
  assert.deepEqual(declared.capabilities?.nativePlatforms, ['linux/arm64']);
  assert.ok(declared.capabilities?.emulatedPlatforms.includes('linux/amd64'));
  assert.ok(!declared.capabilities?.emulatedPlatforms.includes('linux/arm64'));
  assert.equal(declared.capabilities?.detectedNativePlatform, 'linux/amd64', 'what the engine said stays visible');
  const member = (await core.builderPool.members()).find((m) => m.id === created.id);
  assert.equal(member?.capacity, 3);
  assert.deepEqual(member?.capabilities?.nativePlatforms, ['linux/arm64']);

  // The local engine has settings too.
  await call(core, 'builders:update', { id: 'local', capacity: 2, nativePlatforms: [] });

  // Settings outlive the process; deleting the builder deletes its settings.
  core.close();
  core = testCore(dataDir, { DOCKER_CONFIG: dataDir, DOCKER_HOST: engine.host });
  const again = await list();
  assert.equal(again.find((b) => b.id === created.id)?.capacity, 3);
  assert.deepEqual(again.find((b) => b.id === created.id)?.declaredPlatforms, ['linux/arm64']);
  assert.equal(again.find((b) => b.id === 'local')?.capacity, 2);
  await call(core, 'builders:delete', { id: created.id });
  assert.equal((core.db.prepare('SELECT COUNT(*) AS n FROM builder_settings WHERE builder_id = ?').get(created.id) as { n: number }).n, 0);
  assert.equal((await list()).some((b) => b.id === created.id), false);
});

test('bad settings are refused with words for the field', async () => {
  const refused = await core.call('builders:update', { id: 'local', capacity: 17, nativePlatforms: [] });
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.error.message : '', /capacity.*1 to 16/);
  const platform = await core.call('builders:update', { id: 'local', capacity: 1, nativePlatforms: ['arm64'] });
  assert.match(!platform.ok ? platform.error.message : '', /nativePlatforms\.0.*os\/architecture/);
  const unknown = await core.call('builders:update', { id: 'nope', capacity: 1, nativePlatforms: [] });
  assert.equal(!unknown.ok && unknown.error.code, 'not_found');
});

test('an unreachable builder rests with its reason, for longer after each failed try', async () => {
  const port = await freePort();
  let now = Date.UTC(2026, 0, 1);
  const entry: BuilderEntry = { id: 'gone', name: 'gone', kind: 'remote', engine: { endpoint: `tcp://127.0.0.1:${port}`, source: 'DOCKER_HOST' } };
  const changes: string[] = [];
  const pool = createBuilderPool({ directory: { entries: () => [entry] }, settings: { get: () => ({ capacity: 1, nativePlatforms: [] }) }, clock: () => now, onChange: (id) => changes.push(id) });

  const started = Date.now();
  const [first] = await pool.members();
  assert.ok(Date.now() - started < 5000, 'a first probe is bounded');
  assert.equal(first?.capabilities, null);
  assert.equal(first?.health.state, 'resting');
  assert.equal(first?.health.state === 'resting' && first.health.until, new Date(now + 15_000).toISOString());
  assert.match(first?.health.state === 'resting' ? first.health.reason : '', /No Docker engine answers at "tcp:\/\/127\.0\.0\.1:\d+"/);
  assert.deepEqual(changes, ['gone']);

  // While it rests nobody asks it; when the rest is over it is asked again, and rests twice as long.
  now += 10_000;
  assert.equal((await pool.members())[0]?.health.state, 'resting');
  now += 5_000;
  const second = await until('a second, longer rest', async () => {
    const health = (await pool.members())[0]?.health;
    return health?.state === 'resting' && health.failures === 2 ? health : null;
  });
  assert.equal(second.until, new Date(now + 30_000).toISOString());

  // A build that reached it clears the count.
  pool.succeeded('gone');
  assert.deepEqual((await pool.members())[0]?.health, { state: 'healthy' });
});

test('a unix:// engine can be added as a builder (another engine on this machine)', async () => {
  const added = await call<BuilderView>(core, 'builders:create', { name: 'second-socket', endpoint: engine.host });
  assert.equal(added.capabilities?.engineKind, 'docker');
  assert.deepEqual(added.capabilities?.nativePlatforms, ['linux/amd64']);
  await call(core, 'builders:delete', { id: added.id });
});

test('Podman through its Docker-compatible API: known as Podman, no BuildKit session, only its own platform', async () => {
  const podman = await startPodmanService();
  try {
    const created = await call<BuilderView>(core, 'builders:create', { name: 'podman', endpoint: podman.endpoint });
    // Podman's /info walks its storage and can miss the first probe's 3 s on a busy machine; Check again waits longer.
    const added = created.capabilities ? created : (await call<BuilderView[]>(core, 'builders:check', { id: created.id })).find((b) => b.id === created.id);
    assert.ok(added);
    const caps = added.capabilities;
    assert.ok(caps, JSON.stringify(added));
    assert.equal(caps.engineKind, 'podman');
    assert.match(caps.engineVersion, /^4\./, 'the "Podman Engine" component\'s version, not the compat API\'s');
    assert.equal(caps.session, false);
    assert.equal(caps.buildkitVersion, null);
    assert.equal(caps.platformsFrom, 'engine');
    assert.deepEqual(caps.nativePlatforms, ['linux/amd64']);
    assert.deepEqual(caps.emulatedPlatforms, []);
    assert.equal(added.status.state === 'reachable' && added.status.buildkit, false);
    await call(core, 'builders:delete', { id: added.id });
  } finally {
    await podman.stop();
  }
});

test('an engine that accepts but never answers is given up on at the bound, and its connections are closed', async () => {
  const sockets: Socket[] = [];
  const closed: Promise<void>[] = [];
  const silent = createServer((socket) => {
    sockets.push(socket);
    closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
    socket.on('error', () => undefined);
    // Read and ignore the request: a paused socket would never see the client's end.
    socket.resume();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  const engine = { endpoint: `tcp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
  try {
    const started = Date.now();
    const error = await probeCapabilities(engine, connectEngine(engine), { timeoutMs: 400 }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(Date.now() - started < 2000, 'bounded');
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'timeout');
    assert.equal(error.phrase?.key, 'builders.health.noAnswer');
    assert.ok(sockets.length > 0, 'the engine was dialed');
    await Promise.race([Promise.all(closed), new Promise((_, reject) => setTimeout(() => reject(new Error('a probe socket stayed open')), 2000))]);
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});
