import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBuilderPool } from '../../../src/main/core/builders/builder-pool';
import type { DetectedCapabilities } from '../../../src/main/core/builders/capabilities';
import type { BuilderEntry } from '../../../src/main/core/builds/builder-store';

// The pool's caching with a probe that counts its calls; the probe itself is tested against real
// engines in test/integration/builders/pool.test.ts.
const entry: BuilderEntry = { id: 'b', name: 'b', kind: 'remote', engine: { endpoint: 'unix:///nowhere.sock', source: 'DOCKER_HOST' } };
const answer: DetectedCapabilities = {
  engineKind: 'docker',
  engineVersion: '20.10.24',
  apiVersion: '1.41',
  buildkitVersion: null,
  nativePlatform: 'linux/amd64',
  buildkitPlatforms: ['linux/amd64', 'linux/arm64'],
  platformsFrom: 'buildkit',
  session: true,
};

function harness(probeMs = 0) {
  const state = { now: 0, calls: 0, timeouts: [] as number[], fail: false, changes: 0 };
  const pool = createBuilderPool({
    directory: { entries: () => [entry] },
    settings: { get: () => ({ capacity: 2, nativePlatforms: [] }) },
    clock: () => state.now,
    refreshMs: 60_000,
    onChange: () => state.changes++,
    probe: async (_engine, _docker, options) => {
      state.calls++;
      state.timeouts.push(options.timeoutMs);
      await new Promise((r) => setTimeout(r, probeMs));
      if (state.fail) throw new Error('connection reset');
      return answer;
    },
  });
  return { pool, state };
}

test('a builder is asked once with a short bound, then answered from memory', async () => {
  const { pool, state } = harness();
  const [first] = await pool.members();
  assert.equal(state.calls, 1);
  assert.deepEqual(state.timeouts, [3000], 'the first probe is the short one');
  assert.deepEqual(first?.capabilities?.nativePlatforms, ['linux/amd64']);
  assert.deepEqual(first?.capabilities?.emulatedPlatforms, ['linux/arm64']);
  assert.equal(first?.capacity, 2);
  await pool.members();
  await pool.members();
  assert.equal(state.calls, 1, 'no probe while the answer is fresh');
  assert.equal(state.changes, 1, 'the first answer is announced, repeats are not');
});

test('a stale answer is refreshed in the background: members() does not wait for it', async () => {
  const { pool, state } = harness(200);
  await pool.members();
  state.now += 60_000;
  const started = Date.now();
  const [member] = await pool.members();
  assert.ok(Date.now() - started < 150, 'answered before the slow probe ended');
  assert.ok(member?.capabilities, 'with the cached capabilities');
  assert.equal(state.calls, 2);
  assert.deepEqual(state.timeouts, [3000, 8000]);
  await pool.members();
  assert.equal(state.calls, 2, 'one probe at a time per builder');
});

test('concurrent first calls share one probe', async () => {
  const { pool, state } = harness(50);
  const [a, b] = await Promise.all([pool.members(), pool.members()]);
  assert.equal(state.calls, 1);
  assert.ok(a[0]?.capabilities && b[0]?.capabilities, 'both callers got the answer');
});

test('a failed probe rests the builder and forgets its capabilities; Check again clears the rest when it answers', async () => {
  const { pool, state } = harness();
  await pool.members();
  state.fail = true;
  state.now += 60_000;
  await pool.members();
  await new Promise((r) => setTimeout(r, 20));
  const [resting] = await pool.members();
  assert.equal(resting?.capabilities, null);
  assert.equal(resting?.health.state, 'resting');
  assert.match(resting?.health.state === 'resting' ? resting.health.reason : '', /connection reset/);
  const calls = state.calls;
  await pool.members();
  assert.equal(state.calls, calls, 'a resting builder is left alone');
  state.fail = false;
  await pool.refresh();
  const [back] = await pool.members();
  assert.deepEqual(back?.health, { state: 'healthy' });
  assert.ok(back?.capabilities);
});

test("a build's failure rests the builder without forgetting what it is", async () => {
  const { pool } = harness();
  await pool.members();
  pool.failed('b', 'lost mid-build');
  const [m] = await pool.members();
  assert.equal(m?.health.state, 'resting');
  assert.ok(m?.capabilities);
  pool.succeeded('b');
  assert.deepEqual((await pool.members())[0]?.health, { state: 'healthy' });
});
