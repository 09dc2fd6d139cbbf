import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UpdateStatus } from '../../../src/shared/desktop/update-status';
import { ApiError } from '../../../src/renderer/src/api/client';
import { asksAboutBuilds, updateBanner, updateBannerText } from '../../../src/renderer/src/app/update-banner-state';
import { createTranslator } from '../../../src/shared/i18n/translate';

// The headless host has no updater port to fake from outside, so the banner's decisions are proven here.
function status(over: Partial<UpdateStatus> = {}): UpdateStatus {
  return { state: 'idle', currentVersion: '1.0.0', channel: 'stable', version: null, percent: null, checkedAt: null, message: null, restartWhenIdle: false, feed: 'GitHub Releases', ...over };
}

test('the banner appears only once an update is ready', () => {
  assert.deepEqual(updateBanner(undefined), { kind: 'hidden' });
  for (const state of ['unsupported', 'idle', 'checking', 'up-to-date', 'downloading', 'error'] as const) {
    assert.deepEqual(updateBanner(status({ state, version: '1.1.0' })), { kind: 'hidden' }, state);
  }
  assert.deepEqual(updateBanner(status({ state: 'ready', version: '1.1.0' })), { kind: 'offer', version: '1.1.0' });
});

test('after "restart when builds end" the banner says it waits instead of offering the restart again', () => {
  assert.deepEqual(updateBanner(status({ state: 'ready', version: '1.1.0', restartWhenIdle: true })), { kind: 'waiting', version: '1.1.0' });
});

test('only a conflict answer opens the running-builds choice; other failures stay a problem', () => {
  assert.equal(asksAboutBuilds(new ApiError({ code: 'conflict', message: '2 builds are running.', hint: 'Restart when they end, or stop them and restart now.' })), true);
  assert.equal(asksAboutBuilds(new ApiError({ code: 'internal', message: 'boom' })), false);
  assert.equal(asksAboutBuilds(null), false);
});

test('the banner words each state as a whole sentence in the page’s language, named version or not', () => {
  const en = createTranslator('en');
  const zh = createTranslator('zh-CN');
  assert.equal(en.word(updateBannerText({ kind: 'offer', version: '1.1.0' })), 'Slipway 1.1.0 is ready to install.');
  assert.equal(en.word(updateBannerText({ kind: 'offer', version: null })), 'A new version of Slipway is ready to install.');
  assert.equal(en.word(updateBannerText({ kind: 'waiting', version: '1.1.0' })), 'Slipway 1.1.0 is ready. Slipway restarts when the builds end.');
  assert.equal(zh.word(updateBannerText({ kind: 'waiting', version: null })), 'Slipway 新版本已就绪。构建结束后 Slipway 将重启。');
});
