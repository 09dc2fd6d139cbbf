import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventBus } from '../../../src/main/core/events';
import { BuildActivity } from '../../../src/main/core/desktop/build-activity';
import type { Build, BuildStatus } from '../../../src/shared/models/build';

function build(id: string, status: BuildStatus, createdAt: string, finishedAt: string | null = null): Build {
  return {
    id, number: Number(id.slice(1)), repositoryId: 'r', ruleId: null, ref: { kind: 'branch', name: 'main' }, commit: 'a'.repeat(40), commitMessage: null,
    trigger: 'push', status, platforms: [], builderId: 'local', placements: [], tags: [], error: null, createdAt, startedAt: null, finishedAt, logLines: 0,
  };
}

test('starts from the store, then follows builds:changed', async () => {
  const bus = new EventBus();
  const activity = new BuildActivity(bus, {
    running: () => [build('b2', 'running', '2026-12-01T00:02:00Z')],
    queued: () => [build('b1', 'queued', '2026-12-01T00:01:00Z')],
    list: () => [build('b2', 'running', '2026-12-01T00:02:00Z'), build('b0', 'failed', '2026-12-01T00:00:00Z', '2026-12-01T00:00:30Z')],
  });
  assert.deepEqual(activity.snapshot().active.map((b) => b.id), ['b1', 'b2']);
  assert.equal(activity.snapshot().lastFinished, 'failed');
  const seen: number[] = [];
  activity.onChange((s) => seen.push(s.active.length));
  const ended = activity.whenEnded(['b1']);
  bus.emit('builds:changed', build('b1', 'canceled', '2026-12-01T00:01:00Z', '2026-12-01T00:03:00Z'));
  await ended;
  assert.equal(activity.snapshot().lastFinished, 'failed', 'a canceled build neither raises nor clears a failure');
  const idle = activity.whenIdle();
  bus.emit('builds:changed', build('b2', 'succeeded', '2026-12-01T00:02:00Z', '2026-12-01T00:04:00Z'));
  await idle;
  assert.equal(activity.snapshot().lastFinished, 'succeeded');
  assert.deepEqual(seen, [1, 0]);
  activity.close();
  bus.emit('builds:changed', build('b3', 'running', '2026-12-01T00:05:00Z'));
  assert.deepEqual(activity.activeIds(), [], 'closed: no longer listening');
});
