import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pausableEnqueuer } from '../../../src/main/core/desktop/automatic-builds';
import type { BuildRequest } from '../../../src/main/core/domain';
import { AppError } from '../../../src/shared/errors';
import { testCore } from '../../support/core';

test('the headless host answers the update channels: not here, with npm and git', async () => {
  const core = testCore();
  try {
    const status = await core.call('app:update', {});
    assert.ok(status.ok);
    if (status.ok) {
      assert.deepEqual({ ...(status.result as object), message: undefined }, { state: 'unsupported', currentVersion: '0.0.0-test', channel: 'stable', version: null, percent: null, checkedAt: null, message: undefined, phrase: { key: 'desktop.update.headless' }, restartWhenIdle: false, feed: null });
      assert.match((status.result as { message: string }).message, /npm and git/);
    }
    const check = await core.call('app:checkForUpdates', {});
    assert.ok(check.ok && (check.result as { state: string }).state === 'unsupported');
    const restart = await core.call('app:restartToUpdate', {});
    assert.ok(!restart.ok && restart.error.code === 'unavailable');
  } finally {
    core.close();
  }
});

test('the desktop settings are stored and checked like the others', async () => {
  const core = testCore();
  try {
    const saved = await core.call('settings:update', { openAtLogin: true, pauseAutomaticBuilds: true, updateChannel: 'beta', updateFeedUrl: 'https://mirror.example.com/slipway/' });
    assert.ok(saved.ok);
    const read = await core.call('settings:get', {});
    assert.ok(read.ok);
    if (read.ok) assert.deepEqual((({ openAtLogin, pauseAutomaticBuilds, updateChannel, updateFeedUrl }) => ({ openAtLogin, pauseAutomaticBuilds, updateChannel, updateFeedUrl }))(read.result as Record<string, unknown>), { openAtLogin: true, pauseAutomaticBuilds: true, updateChannel: 'beta', updateFeedUrl: 'https://mirror.example.com/slipway/' });
    const plain = await core.call('settings:update', { updateFeedUrl: 'http://mirror.example.com/' });
    assert.ok(!plain.ok && plain.error.code === 'invalid_input' && /https/.test(plain.error.message));
    assert.ok((await core.call('settings:update', { updateFeedUrl: '' })).ok, 'empty goes back to GitHub Releases');
  } finally {
    core.close();
  }
});

test('paused automatic builds are refused as a passing condition, so the watcher asks again after resume', async () => {
  let paused = true;
  const queued: BuildRequest[] = [];
  const enqueuer = pausableEnqueuer({ enqueue: async (r) => (queued.push(r), null) }, () => paused);
  const request: BuildRequest = { repositoryId: 'r', ruleId: 'x', ref: { kind: 'branch', name: 'main' }, commit: 'a'.repeat(40), trigger: 'push', dedupeKey: 'push:x:a' };
  await assert.rejects(enqueuer.enqueue(request), (e: unknown) => e instanceof AppError && e.code === 'unavailable' && /paused/.test(e.message));
  assert.equal(queued.length, 0);
  paused = false;
  await enqueuer.enqueue(request);
  assert.equal(queued.length, 1);
});
