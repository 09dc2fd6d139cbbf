import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startGitServer } from '../../support/git-server';
import { RecordingEnqueuer } from '../../support/recording-enqueuer';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';
import { boundRepository, ok, ruleBase, sleep, until } from '../../support/triggers';

const server = await startGitServer();
after(() => server.stop());

test('a rule with Docker Hub’s Autobuild off is not built by a push, and the activity says why', async () => {
  const url = server.createRepo('acme/manual');
  server.commit('acme/manual', 'main', { Dockerfile: 'FROM busybox\n' });
  const enqueuer = new RecordingEnqueuer();
  const core = testCore(tempDir(), undefined, { enqueuer });
  after(() => core.close());
  await ok(core, 'settings:update', { watchIntervalSeconds: 1 });
  const { repository, ruleIds } = await boundRepository(core, url, [
    { ...ruleBase, type: 'branch', source: 'main', autobuild: false },
    { ...ruleBase, type: 'branch', source: 'main', tags: [{ template: 'auto' }] },
  ]);
  await until('the first look', async () => (await ok(core, 'triggers:status', { repositoryId: repository.id }))[0]?.lastSuccessAt);
  const pushed = server.commit('acme/manual', 'main', { 'a.txt': 'change' });
  await enqueuer.waitFor(1);
  await sleep(1500);
  assert.deepEqual(enqueuer.builds.map((b) => [b.request.ruleId, b.request.commit]), [[ruleIds[1], pushed]], 'only the rule with Autobuild on');
  const manual = (await ok(core, 'activity:list', { subject: repository.id })).find((a) => a.kind === 'trigger.manual');
  assert.match(manual?.message ?? '', /Autobuild off, so only Build starts it/);
});
