import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Build, BuildStep } from '../../../src/shared/models/build';
import { ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { hostCall, startHeadless } from '../../support/headless';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';

let engine: TestEngine;
let registry: RunningRegistry;
let git: GitServer;

before(async () => {
  [engine, registry, git] = await Promise.all([testEngine(), startRegistry(), startGitServer()]);
  await ensureBusyboxImage(engine);
});
after(async () => {
  await registry?.stop();
  await git?.stop();
});

test('killing the app (SIGKILL) mid-build: on the next start the build reads "interrupted", its log up to the kill is kept, the database is intact', async () => {
  const dataDir = tempDir();
  const env = { DOCKER_HOST: engine.host, DOCKER_CONFIG: dataDir };
  const app = await startHeadless(dataDir, env);
  const cloneUrl = git.createRepo('acme/killed');
  const commit = git.commit('acme/killed', 'main', { Dockerfile: 'FROM local/busybox\nRUN for i in 1 2 3 4 5; do echo "line-before-kill-$i"; done; sleep 600\n' });
  const reg = await hostCall<{ id: string }>(app, 'registries:create', { name: 'local', endpoint: registry.host, insecure: true, username: '' });
  const ns = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: reg.id, name: 'team' });
  const repo = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: ns.id, name: 'killed' });
  await hostCall(app, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/killed', cloneUrl } });
  const rule = await hostCall<{ id: string }>(app, 'rules:save', {
    repositoryId: repo.id,
    spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [] },
  });
  const started = await hostCall<Build>(app, 'builds:start', { ruleId: rule.id });
  assert.equal(started.commit, commit);

  let seen = '';
  for (let i = 0; i < 600 && !seen.includes('line-before-kill-5'); i++) {
    seen = (await hostCall<{ lines: string[] }>(app, 'builds:log', { id: started.id })).lines.join('\n');
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(seen, /line-before-kill-5/);
  const killedAt = Date.now();
  await app.stop('SIGKILL');
  // Down for a while: the build must not end when Slipway comes back.
  await new Promise((r) => setTimeout(r, 3_000));

  const again = await startHeadless(dataDir, env);
  try {
    const { build, steps } = await hostCall<{ build: Build; steps: BuildStep[] }>(again, 'builds:get', { id: started.id });
    assert.equal(build.status, 'interrupted');
    const finished = Date.parse(build.finishedAt ?? '');
    assert.ok(finished >= Date.parse(build.startedAt ?? '') && finished <= killedAt, `finishedAt ${build.finishedAt} is the last event before the kill, not the restart`);
    const run = steps.find((s) => s.name.includes('line-before-kill'));
    assert.ok(run?.startedAt, 'the RUN step had started');
    assert.equal(run.completedAt, null, 'the RUN step never completed and is not made to');
    assert.match(build.error?.message ?? '', /stopped while this build was running/);
    const lines = (await hostCall<{ lines: string[] }>(again, 'builds:log', { id: started.id })).lines;
    for (let i = 1; i <= 5; i++) assert.ok(lines.some((l) => l.includes(`line-before-kill-${i}`)), `line ${i} kept`);
    assert.equal(build.logLines, lines.length, 'the stored count matches the log');
    // Cancel the orphaned step on the engine so it does not outlive the test.
    await hostCall(again, 'builds:retry', { id: started.id }).then((b) => hostCall(again, 'builds:cancel', { id: (b as Build).id }));
  } finally {
    await again.stop();
  }
  const db = new Database(join(dataDir, 'slipway.db'), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
});
