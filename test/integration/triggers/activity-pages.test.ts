import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActivityLog } from '../../../src/main/core/triggers/activity-log';
import { phrase } from '../../../src/shared/i18n/phrase';
import { testCore } from '../../support/core';
import { ok } from '../../support/triggers';

// Issue 15: a repository's activity is read 50 lines at a time, older ones page by page.

test('activity:page reads the lines newest first, page after page, and refuses a cursor it did not give out', async () => {
  const core = testCore();
  try {
    const log = new ActivityLog(core.db);
    for (let i = 0; i < 120; i++) log.add('repo-1', 'watch.checked', `line ${i}`);
    log.add('repo-2', 'watch.checked', 'another repository');
    const lines = Array.from({ length: 120 }, (_, i) => `line ${119 - i}`);

    const first = await ok(core, 'activity:page', { subject: 'repo-1' });
    assert.deepEqual(
      first.items.map((a) => a.message),
      lines.slice(0, 50),
    );
    const second = await ok(core, 'activity:page', { subject: 'repo-1', cursor: first.next ?? '' });
    assert.deepEqual(
      second.items.map((a) => a.message),
      lines.slice(50, 100),
    );
    // A line written meanwhile goes on top; the next page still starts where the last one ended.
    log.add('repo-1', 'watch.checked', phrase('triggers.activity.recovered', { url: 'https://git.example/acme/app.git' }));
    const third = await ok(core, 'activity:page', { subject: 'repo-1', cursor: second.next ?? '' });
    assert.deepEqual(
      third.items.map((a) => a.message),
      lines.slice(100),
    );
    assert.equal(third.next, null);
    const top = (await ok(core, 'activity:page', { subject: 'repo-1', limit: 1 })).items[0];
    assert.equal(top?.phrase?.key, 'triggers.activity.recovered');

    // The old channel keeps answering its callers.
    assert.equal((await ok(core, 'activity:list', { subject: 'repo-1' })).length, 100);

    for (const cursor of ['%%%', Buffer.from('["9"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      const reply = await core.call('activity:page', { subject: 'repo-1', cursor });
      assert.equal(reply.ok, false, cursor);
      if (!reply.ok) assert.equal(reply.error.message, 'That page of activity cannot be found.', cursor);
    }
  } finally {
    core.close();
  }
});
