import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startGitServer } from '../../support/git-server';
import { RecordingEnqueuer } from '../../support/recording-enqueuer';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';
import { boundRepository, ok, ruleBase, sleep, until } from '../../support/triggers';

const server = await startGitServer();
after(() => server.stop());

test('paused: pushes wait (the activity says why); resumed: the newest commit is built once', async () => {
  const url = server.createRepo('acme/paused');
  server.commit('acme/paused', 'main', { Dockerfile: 'FROM busybox\n' });
  const enqueuer = new RecordingEnqueuer();
  const core = testCore(tempDir(), undefined, { enqueuer });
  try {
    await ok(core, 'settings:update', { watchIntervalSeconds: 1 });
    const { repository, ruleIds } = await boundRepository(core, url, [{ ...ruleBase, type: 'branch', source: 'main' }]);
    await until('the first look at the remote', async () => (await ok(core, 'triggers:status', { repositoryId: repository.id }))[0]?.lastSuccessAt);

    await ok(core, 'settings:update', { pauseAutomaticBuilds: true });
    server.commit('acme/paused', 'main', { 'a.txt': 'one' });
    await until('the watcher to see the push', async () => (await ok(core, 'activity:list', { subject: repository.id })).some((a) => /Automatic builds are paused/.test(a.message)));
    const c2 = server.commit('acme/paused', 'main', { 'a.txt': 'two' });
    await sleep(2500); // a few more checks while paused
    assert.equal(enqueuer.builds.length, 0, 'nothing is built while paused');

    await ok(core, 'settings:update', { pauseAutomaticBuilds: false });
    const [built] = await enqueuer.waitFor(1);
    assert.equal(built?.request.commit, c2, 'the newest commit, not each one pushed while paused');
    assert.equal(built?.request.ruleId, ruleIds[0]);
    await sleep(2000);
    assert.equal(enqueuer.builds.length, 1);
  } finally {
    core.close();
  }
});
