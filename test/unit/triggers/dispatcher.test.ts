import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../src/shared/errors';
import { createTranslator } from '../../../src/shared/i18n/translate';
import type { ImageRepository } from '../../../src/shared/models/repository';
import { ruleSpecSchema, type BuildRule } from '../../../src/shared/models/rule';
import type { BuildRequest } from '../../../src/main/core/domain';
import { ActivityLog } from '../../../src/main/core/triggers/activity-log';
import { Dispatcher } from '../../../src/main/core/triggers/dispatcher';
import { testCore } from '../../support/core';
import { RecordingEnqueuer } from '../../support/recording-enqueuer';

const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const repository = { id: 'repo-1', codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/app', cloneUrl: 'http://git.test/acme/app.git' } } as ImageRepository;
const rule = (id: string, spec: Record<string, unknown>): BuildRule => ({ id, repositoryId: repository.id, position: 0, updatedAt: '', spec: ruleSpecSchema.parse({ isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [], ...spec }) });

function setup(rules: BuildRule[], enqueue?: (r: BuildRequest) => Promise<null>) {
  const core = testCore();
  const activity = new ActivityLog(core.db);
  const recording = new RecordingEnqueuer();
  const dispatcher = new Dispatcher({ rules: { list: () => rules }, enqueuer: enqueue ? { enqueue } : recording, activity, changedFiles: async () => ['docs/a.md'] });
  return { core, activity, recording, dispatcher };
}

test('branch rules see branches and tag rules tags; a deletion builds nothing; a second sighting is deduplicated', async () => {
  const { core, recording, dispatcher } = setup([rule('main', { type: 'branch', source: 'main' }), rule('tags', { type: 'tag', source: '.*', isRegex: true }), rule('docs-only', { type: 'branch', source: 'main', includedPaths: ['src/**'] })]);
  const first = await dispatcher.dispatch(repository, [
    { kind: 'branch', name: 'main', before: a, after: b },
    { kind: 'tag', name: 'main', before: null, after: b },
    { kind: 'branch', name: 'gone', before: a, after: null },
  ], 'watcher');
  assert.equal(first.handled.length, 3);
  assert.deepEqual(recording.builds.map((x) => [x.request.ruleId, x.request.ref.kind, x.request.dedupeKey]), [['main', 'branch', `push:main:${b}`], ['tags', 'tag', `push:tags:${b}`]]);
  assert.equal(first.skipped, 1, 'the path-filtered rule skipped a docs-only push');
  const again = await dispatcher.dispatch(repository, [{ kind: 'branch', name: 'main', before: a, after: b }], 'hook');
  assert.equal(again.deduplicated, 1);
  assert.equal(again.builds.length, 0);
  core.close();
});

test('a refusal that cannot change is recorded once; a passing failure is tried again', async () => {
  const permanent = setup([rule('r', { type: 'branch', source: 'main' })], () => Promise.reject(new AppError('invalid_input', 'The tag “-x” is not valid.', 'Fix the rule’s tag templates.')));
  const once = await permanent.dispatcher.dispatch(repository, [{ kind: 'branch', name: 'main', before: a, after: b }], 'watcher');
  assert.equal(once.handled.length, 1);
  assert.match(permanent.activity.list(repository.id)[0]?.message ?? '', /cannot build it: The tag “-x” is not valid\. Fix the rule’s tag templates\./);
  permanent.core.close();

  const passing = setup([rule('r', { type: 'branch', source: 'main' })], () => Promise.reject(new AppError('unreachable', 'git.test could not be reached.')));
  const retry = await passing.dispatcher.dispatch(repository, [{ kind: 'branch', name: 'main', before: a, after: b }], 'watcher');
  assert.equal(retry.handled.length, 0);
  assert.match(passing.activity.list(repository.id)[0]?.message ?? '', /trying again at the next check/);
  passing.core.close();
});

test('activity lines keep their phrase: the English is unchanged and the renderer can word them in Chinese', async () => {
  const { core, activity, dispatcher } = setup([rule('main', { type: 'branch', source: 'main' }), rule('docs-only', { type: 'branch', source: 'main', includedPaths: ['src/**'] })]);
  await dispatcher.dispatch(repository, [{ kind: 'branch', name: 'main', before: a, after: b }], 'watcher');
  const lines = activity.list(repository.id);
  const queued = lines.find((l) => l.kind === 'trigger.build');
  const skipped = lines.find((l) => l.kind === 'trigger.skip');
  assert.equal(queued?.message, 'Branch main moved aaaaaaa → bbbbbbb (remote watcher): rule “branch main” queued build #1.');
  assert.equal(skipped?.message, 'Branch main moved aaaaaaa → bbbbbbb (remote watcher): rule “branch main” skipped — no changed file is under src/**.');
  const zh = createTranslator('zh-CN');
  assert.ok(queued?.phrase && skipped?.phrase, 'each line carries its phrase');
  assert.equal(zh.word(queued.phrase), '分支 main 从 aaaaaaa 移动到 bbbbbbb（远程监视）：构建规则“分支 main”已将构建 #1 加入队列。');
  assert.equal(zh.word(skipped.phrase), '分支 main 从 aaaaaaa 移动到 bbbbbbb（远程监视）：构建规则“分支 main”已跳过——没有改动的文件位于 src/** 之下。');
  // A line from before migration 10 (no phrase) still lists, with its English only.
  core.db.prepare("INSERT INTO activity (at, kind, subject, message) VALUES ('2026-01-01T00:00:00Z', 'trigger.old', ?, 'An old line.')").run(repository.id);
  const old = activity.list(repository.id).find((l) => l.kind === 'trigger.old');
  assert.deepEqual(old && { message: old.message, phrase: old.phrase }, { message: 'An old line.', phrase: undefined });
  core.close();
});
