import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startGitServer } from '../../support/git-server';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';
import { boundRepository, ok, ruleBase, setBranch, sleep, until } from '../../support/triggers';

const server = await startGitServer();
after(() => server.stop());

test('with the real build queue: pushes become builds with the tags the rules render, once per rule and commit', async () => {
  const url = server.createRepo('acme/queue');
  server.commit('acme/queue', 'main', { Dockerfile: 'FROM busybox\n' });
  // No recording enqueuer: the core's own build service takes the builds (the engine is absent, so they fail to run; the queue's records are what is checked).
  const core = testCore(tempDir(), undefined, { watchRemotes: true });
  await ok(core, 'settings:update', { watchIntervalSeconds: 1 });
  const { repository, ruleIds } = await boundRepository(core, url, [
    { ...ruleBase, type: 'branch', source: 'main', tags: [{ template: 'latest' }, { template: 'main', commitIdLength: 7 }] },
    { ...ruleBase, type: 'tag', source: 'v(?<semver>\\d+\\.\\d+\\.\\d+)', isRegex: true, tags: [{ template: '${semver}' }] },
  ]);
  await until('the first look', async () => (await ok(core, 'triggers:status', { repositoryId: repository.id }))[0]?.lastSuccessAt);

  const c1 = server.commit('acme/queue', 'main', { 'a.txt': '1' });
  server.tag('acme/queue', 'v2.0.0', c1);
  setBranch(server, 'acme/queue', 'copy-of-main', c1);
  const builds = await until('two builds', async () => {
    const list = await ok(core, 'builds:list', { repositoryId: repository.id });
    return list.length >= 2 ? list : null;
  }, 30_000);
  await sleep(2500);
  const all = await ok(core, 'builds:list', { repositoryId: repository.id });
  assert.equal(all.length, 2, 'nothing else is queued');
  const summary = builds.map((b) => ({ rule: b.ruleId, ref: `${b.ref.kind}:${b.ref.name}`, commit: b.commit, trigger: b.trigger, tags: b.tags.map((t) => t.tag) })).sort((a, b) => a.ref.localeCompare(b.ref));
  assert.deepEqual(summary, [
    { rule: ruleIds[0], ref: 'branch:main', commit: c1, trigger: 'push', tags: ['latest', `main-${c1.slice(0, 7)}`] },
    { rule: ruleIds[1], ref: 'tag:v2.0.0', commit: c1, trigger: 'push', tags: ['2.0.0'] },
  ]);
  const messages = (await ok(core, 'activity:list', { subject: repository.id })).map((a) => a.message).join('\n');
  assert.match(messages, /Branch copy-of-main was created at \w{7} \(remote watcher\): no build rule matches it/);
  assert.match(messages, /Tag v2\.0\.0 was created at \w{7} \(remote watcher\): rule “tag \/v\(\?<semver>.*\/” queued build #\d/);
  core.close();
});
