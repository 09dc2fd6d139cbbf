import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions, parseVersion } from '../../../src/shared/desktop/semver';
import { channelAccepts, describeFeed, nextCheckDelay, shouldOffer, updateCheckPolicy, updateFeed, updaterOptions } from '../../../src/shared/desktop/update-policy';

const cmp = (a: string, b: string) => {
  const x = parseVersion(a);
  const y = parseVersion(b);
  assert.ok(x && y, `${a} and ${b} parse`);
  return compareVersions(x, y);
};

test('semver precedence, including the specification’s prerelease example', () => {
  // semver.org §11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0
  const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
  for (let i = 0; i + 1 < ordered.length; i++) {
    assert.equal(cmp(ordered[i]!, ordered[i + 1]!), -1, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.equal(cmp(ordered[i + 1]!, ordered[i]!), 1);
  }
  assert.equal(cmp('1.10.0', '1.9.9'), 1);
  assert.equal(cmp('v2.0.0', '2.0.0+build.7'), 0);
  for (const bad of ['1.0', '01.0.0', '1.0.0-', 'latest', '1.0.0-01']) assert.equal(parseVersion(bad), null, bad);
});

test('only a strictly newer version is offered, never a downgrade', () => {
  assert.equal(shouldOffer('0.1.0', '0.2.0', 'stable'), true);
  assert.equal(shouldOffer('0.2.0', '0.2.0', 'stable'), false);
  assert.equal(shouldOffer('0.2.0', '0.1.9', 'stable'), false);
  assert.equal(shouldOffer('0.2.0', 'garbage', 'stable'), false);
});

test('stable never takes a prerelease; beta takes both', () => {
  assert.equal(channelAccepts('stable', '0.3.0-beta.1'), false);
  assert.equal(shouldOffer('0.2.0', '0.3.0-beta.1', 'stable'), false);
  assert.equal(shouldOffer('0.2.0', '0.3.0-beta.1', 'beta'), true);
  assert.equal(shouldOffer('0.3.0-beta.1', '0.3.0', 'beta'), true);
  assert.equal(shouldOffer('0.3.0-beta.2', '0.3.0-beta.1', 'beta'), false);
  // Leaving beta for stable does not downgrade: 0.2.0 is older than the beta that runs.
  assert.equal(shouldOffer('0.3.0-beta.1', '0.2.0', 'stable'), false);
});

test('electron-updater settings per channel: no downgrade, no download before the policy says yes', () => {
  assert.deepEqual(updaterOptions('stable'), { channel: 'latest', allowPrerelease: false, allowDowngrade: false, autoDownload: false, autoInstallOnAppQuit: true });
  assert.equal(updaterOptions('beta').channel, 'beta');
  assert.equal(updaterOptions('beta').allowPrerelease, true);
});

test('GitHub Releases by default, a mirror when Settings names one, shown without its password', () => {
  assert.deepEqual(updateFeed({ updateFeedUrl: '' }), { provider: 'github' });
  const mirror = updateFeed({ updateFeedUrl: 'https://ci:s3cret-pass@mirror.example.com/slipway/' });
  assert.deepEqual(mirror, { provider: 'generic', url: 'https://ci:s3cret-pass@mirror.example.com/slipway/' });
  assert.equal(describeFeed(mirror), 'https://mirror.example.com/slipway/');
  assert.equal(describeFeed({ provider: 'github' }), 'GitHub Releases');
});

test('checks soon after start, then every few hours after the last one', () => {
  const now = 1_000_000_000;
  assert.equal(nextCheckDelay(null, now), updateCheckPolicy.firstCheckDelayMs);
  assert.equal(nextCheckDelay(now - 60_000, now), updateCheckPolicy.intervalMs - 60_000);
  assert.equal(nextCheckDelay(now - updateCheckPolicy.intervalMs - 5, now), 0);
  assert.ok(updateCheckPolicy.intervalMs >= 2 * 3600_000 && updateCheckPolicy.intervalMs <= 8 * 3600_000);
});
