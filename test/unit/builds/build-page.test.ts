import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedBuildHistory } from '../../support/build-history';
import { testCore } from '../../support/core';
import { ok } from '../../support/triggers';

// Issue 15: the history is read 50 at a time; a cursor marks where a page ended, so rows written
// meanwhile (new builds on top, same-millisecond bursts) are neither repeated nor skipped.

test('the build history pages through every build once, newest first, and says when it is done', async () => {
  const core = testCore();
  try {
    const { builds } = await seedBuildHistory(core, 120);
    const first = await ok(core, 'builds:page', {});
    assert.equal(first.items.length, 50);
    assert.deepEqual(first.items.map((b) => b.id), builds.slice(0, 50).map((b) => b.id));
    assert.ok(first.next);
    const second = await ok(core, 'builds:page', { cursor: first.next });
    const third = await ok(core, 'builds:page', { cursor: second.next ?? '' });
    assert.deepEqual([...second.items, ...third.items].map((b) => b.id), builds.slice(50).map((b) => b.id));
    assert.equal(third.items.length, 20);
    assert.equal(third.next, null);
  } finally {
    core.close();
  }
});

test('builds added after the first page do not shift the next one, and filters page too', async () => {
  const core = testCore();
  try {
    const { builds, repositoryId } = await seedBuildHistory(core, 70);
    const first = await ok(core, 'builds:page', { limit: 30 });
    await seedBuildHistory(core, 5, 'later');
    const second = await ok(core, 'builds:page', { limit: 30, cursor: first.next ?? '' });
    assert.deepEqual(second.items.map((b) => b.id), builds.slice(30, 60).map((b) => b.id));

    const main = builds.filter((b) => b.ref.name === 'main');
    const mainFirst = await ok(core, 'builds:page', { repositoryId, ref: 'main', limit: 20 });
    const mainRest = await ok(core, 'builds:page', { repositoryId, ref: 'main', limit: 20, cursor: mainFirst.next ?? '' });
    assert.deepEqual([...mainFirst.items, ...mainRest.items].map((b) => b.id), main.map((b) => b.id));
    assert.equal(mainRest.next, null);
  } finally {
    core.close();
  }
});

test('a cursor that is not one the host gave is refused in words', async () => {
  const core = testCore();
  try {
    const result = await core.call('builds:page', { cursor: 'not-a-cursor' });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'invalid_input');
    assert.equal(!result.ok && result.error.message, 'That page of builds cannot be found.');
  } finally {
    core.close();
  }
});
