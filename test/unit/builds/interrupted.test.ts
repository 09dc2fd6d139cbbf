import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuildStore } from '../../../src/main/core/builds/build-store';
import { LogSink } from '../../../src/main/core/builds/log-sink';
import { LogStore } from '../../../src/main/core/builds/log-store';
import type { BuildStep } from '../../../src/shared/models/build';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';
import { ok, sleep } from '../../support/triggers';

// A build cut off by a crash ends when it was last heard from: the time Slipway came back says
// nothing about the build, and a duration ending "now" grows on every view.
const step = (id: string, startedAt: string, completedAt: string | null): BuildStep => ({ id, name: `[1/2] RUN ${id}`, platform: null, cached: false, startedAt, completedAt, error: null });

async function runningBuild(dataDir: string) {
  const core = testCore(dataDir);
  const registry = await ok(core, 'registries:create', { name: 'Local', endpoint: 'localhost:5000', username: '', insecure: true });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'team' });
  const repository = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'app' });
  const store = new BuildStore(core.db);
  const queued = store.create({
    repositoryId: repository.id,
    ruleId: null,
    ref: { kind: 'branch', name: 'main' },
    commit: 'a'.repeat(40),
    commitMessage: null,
    commitTime: null,
    trigger: 'manual',
    builderId: 'local',
    plan: { codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/app', cloneUrl: 'http://127.0.0.1:1/acme/app.git' }, contextDir: '/', dockerfile: 'Dockerfile', platforms: ['linux/amd64'], imageReference: 'localhost:5000/team/app', tags: ['latest'], buildArgs: {}, secretArgs: [], noCache: false, registryId: registry.id, ruleName: 'Branch main' },
  });
  assert.ok(queued);
  const build = store.start(queued.id);
  return { core, build, sink: () => new LogSink(build.id, new LogStore(dataDir), store, core.bus) };
}

test('an interrupted build ends at its last step update; its unfinished step stays unfinished', async () => {
  const dataDir = tempDir();
  const { core, build, sink: open } = await runningBuild(dataDir);
  const sink = open();
  const startedAt = new Date().toISOString();
  sink.steps([step('done', startedAt, startedAt), step('long', startedAt, null)]);
  sink.flush();
  const lastHeard = Date.now();
  // The app "dies" here: nothing finishes the build, the core just goes away.
  core.close();
  await sleep(1_500);

  const again = testCore(dataDir);
  try {
    const { build: after, steps } = await ok(again, 'builds:get', { id: build.id });
    assert.equal(after.status, 'interrupted');
    const finished = Date.parse(after.finishedAt ?? '');
    assert.ok(finished >= lastHeard - 1_000 && finished <= lastHeard + 200, `finishedAt ${after.finishedAt} is the last update (${new Date(lastHeard).toISOString()}), not the restart`);
    assert.deepEqual(steps.map((s) => [s.id, s.completedAt]), [['done', startedAt], ['long', null]]);
    // The reason is stored as a phrase beside its English, and crosses the contract with it.
    assert.equal(after.error?.message, 'Slipway stopped while this build was running.');
    assert.ok(after.error?.phrase && after.error.hintPhrase, 'the stored error keeps its phrases');
    const zh = createTranslator('zh-CN');
    assert.equal(zh.word(after.error.phrase), 'Slipway 在此构建运行期间停止了。');
    assert.equal(zh.word(after.error.hintPhrase), '请重试：停止前的构建日志已保留。');
  } finally {
    again.close();
  }
});

test('an interrupted build ends at its last log line, even one that reached only the log file', async () => {
  const dataDir = tempDir();
  const { core, build, sink: open } = await runningBuild(dataDir);
  const sink = open();
  sink.line('step output 1');
  sink.flush();
  await sleep(600);
  // On disk at once, but the app is killed before the flush that would tell the database.
  new LogStore(dataDir).append(build.id, ['step output 2']);
  const lastLine = Date.now();
  core.close();
  await sleep(1_500);

  const again = testCore(dataDir);
  try {
    const { build: after } = await ok(again, 'builds:get', { id: build.id });
    assert.equal(after.status, 'interrupted');
    const finished = Date.parse(after.finishedAt ?? '');
    assert.ok(finished >= lastLine - 100 && finished <= lastLine + 200, `finishedAt ${after.finishedAt} is the last line (${new Date(lastLine).toISOString()})`);
    const lines = await ok(again, 'builds:log', { id: build.id });
    assert.ok(lines.lines.includes('step output 2'));
  } finally {
    again.close();
  }
});

test('a build interrupted before any event ends when it started', async () => {
  const dataDir = tempDir();
  const { core, build } = await runningBuild(dataDir);
  // No sink was opened: no line, no step, not even an empty log file.
  core.close();
  await sleep(1_100);
  const again = testCore(dataDir);
  try {
    const { build: after } = await ok(again, 'builds:get', { id: build.id });
    assert.equal(after.finishedAt, build.startedAt);
  } finally {
    again.close();
  }
});
