import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../../src/shared/errors';
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
