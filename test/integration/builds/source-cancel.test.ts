import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Build } from '../../../src/shared/models/build';
import { call, rule } from '../../support/build-fixture';
import { testCore } from '../../support/core';
import { testEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { processesMentioning } from '../../support/processes';
import { tempDir } from '../../support/temp';
import { until } from '../../support/triggers';

// Cancel reaches git: a build whose fetch hangs on a stalled host ends canceled at once, and no git
// process of it is left behind (git fetch starts helpers that a kill of git alone would orphan).
let git: GitServer;

before(async () => {
  git = await startGitServer();
});
after(async () => {
  await git?.stop();
});

test('a build canceled during its first fetch reads canceled within a second, and its git processes are gone', async () => {
  const dataDir = tempDir();
  // A real engine: builds are placed on a reachable builder before the runner fetches (a build
  // whose only builder is down waits in the queue); the canceled one never reaches it.
  const engine = await testEngine();
  const core = testCore(dataDir, { DOCKER_CONFIG: dataDir, DOCKER_HOST: engine.host });
  try {
    const registry = await call<{ id: string }>(core, 'registries:create', { name: 'R', endpoint: 'registry.test:5000' });
    const namespace = await call<{ id: string }>(core, 'namespaces:create', { registryId: registry.id, name: 'acme' });
    const cloneUrl = git.createRepo('acme/slow');
    const repository = await call<{ id: string }>(core, 'repositories:create', {
      namespaceId: namespace.id,
      name: 'slow',
      codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/slow', cloneUrl },
    });
    const saved = await call<{ id: string }>(core, 'rules:save', { repositoryId: repository.id, spec: rule() });
    const commit = git.commit('acme/slow', 'main', { Dockerfile: 'FROM scratch\n' });
    const first = await core.builds.enqueue({ repositoryId: repository.id, ruleId: saved.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' });
    assert.ok(first);
    await core.builds.settled(first.id);

    // The mirror is gone (a cleaned data folder): the retry's run is the first fetch of this commit.
    rmSync(join(dataDir, 'mirrors'), { recursive: true, force: true });
    const stall = git.stallFetches();
    try {
      const retry = await call<Build>(core, 'builds:retry', { id: first.id });
      await until('git to wait on the stalled host', () => stall.held > 0, 30_000);
      assert.ok(processesMentioning(cloneUrl).length > 0, 'git is running the fetch');

      const started = performance.now();
      await call(core, 'builds:cancel', { id: retry.id });
      const ended = await until('the build to end', async () => {
        const build = (await call<{ build: Build }>(core, 'builds:get', { id: retry.id })).build;
        return build.status === 'running' ? null : build;
      }, 10_000);
      const elapsed = performance.now() - started;
      assert.equal(ended.status, 'canceled');
      assert.ok(elapsed < 1500, `canceled after ${Math.round(elapsed)} ms`);
      assert.deepEqual(processesMentioning(cloneUrl).map((p) => p.argv.join(' ')), [], 'no git of the canceled fetch is left');
      const log = (await call<{ lines: string[] }>(core, 'builds:log', { id: retry.id, limit: 1000 })).lines.join('\n');
      assert.match(log, /was canceled/);
    } finally {
      stall.release();
    }

    // The interrupted fetch left the mirror usable: the next build fetches the commit.
    const again = await call<Build>(core, 'builds:retry', { id: first.id });
    await core.builds.settled(again.id);
    assert.ok(existsSync(join(dataDir, 'mirrors')));
    const log = (await call<{ lines: string[] }>(core, 'builds:log', { id: again.id, limit: 1000 })).lines.join('\n');
    assert.match(log, new RegExp(`Commit ${commit.slice(0, 7)}`), log);
  } finally {
    core.close();
  }
});
