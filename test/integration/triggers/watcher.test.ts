import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import { startGitServer } from '../../support/git-server';
import { RecordingEnqueuer } from '../../support/recording-enqueuer';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';
import { boundRepository, commitTime, ok, renderWith, ruleBase, setBranch, sleep, until } from '../../support/triggers';

const server = await startGitServer();
after(() => server.stop());

function utcStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

async function watchedCore(dir: string, enqueuer: RecordingEnqueuer): Promise<Core> {
  const core = testCore(dir, undefined, { enqueuer });
  await ok(core, 'settings:update', { watchIntervalSeconds: 1 });
  return core;
}

async function firstLook(core: Core, repositoryId: string): Promise<void> {
  await until('the first look at the remote', async () => (await ok(core, 'triggers:status', { repositoryId }))[0]?.lastSuccessAt);
}

test('pushes to main, to release-v1 and a tag v2.0.0 build exactly what the rules predict', async () => {
  const url = server.createRepo('acme/predict');
  const c0 = server.commit('acme/predict', 'main', { Dockerfile: 'FROM busybox\n' });
  server.commit('acme/predict', 'old-feature', { 'a.txt': 'a' });
  // The closure runs only once builds are queued, after `core` exists.
  const enqueuer = new RecordingEnqueuer(renderWith(() => core, server, 'acme/predict'));
  const core = await watchedCore(tempDir(), enqueuer);
  const { repository, ruleIds } = await boundRepository(core, url, [
    { ...ruleBase, type: 'branch', source: 'main', tags: [{ template: 'latest' }] },
    { ...ruleBase, type: 'branch', source: 'release-(?<version>v\\d+)', isRegex: true, tags: [{ template: '${version}', buildTime: { format: 'yyyyMMddHHmm', timeZone: 'UTC' }, commitIdLength: 6 }] },
    { ...ruleBase, type: 'tag', source: 'v(?<semver>\\d+\\.\\d+\\.\\d+)', isRegex: true, tags: [{ template: '${semver}' }, { template: 'stable' }] },
  ]);
  const [mainRule, releaseRule, tagRule] = ruleIds;

  await firstLook(core, repository.id);
  const activity = await ok(core, 'activity:list', { subject: repository.id });
  assert.match(activity.map((a) => a.message).join('\n'), /Started watching .*recorded 2 branches and 0 tags as they are, without building them/);
  await sleep(1500);
  assert.equal(enqueuer.builds.length, 0, 'refs that were there at the first look are not built');

  const c1 = server.commit('acme/predict', 'main', { 'app.txt': 'one' });
  const c2 = server.commit('acme/predict', 'release-v1', { 'app.txt': 'release' });
  server.tag('acme/predict', 'v2.0.0', c1);
  server.commit('acme/predict', 'feature-x', { 'x.txt': 'x' });
  await enqueuer.waitFor(3);
  await sleep(2500); // a few more checks: nothing else may arrive

  const got = enqueuer.builds.map((b) => ({ rule: b.request.ruleId, ref: `${b.request.ref.kind}:${b.request.ref.name}`, commit: b.request.commit, tags: b.build.tags.map((t) => t.tag), trigger: b.request.trigger, dedupeKey: b.request.dedupeKey }));
  const sort = (a: { ref: string }, b: { ref: string }) => a.ref.localeCompare(b.ref);
  assert.deepEqual(got.sort(sort), [
    { rule: mainRule, ref: 'branch:main', commit: c1, tags: ['latest'], trigger: 'push', dedupeKey: `push:${mainRule}:${c1}` },
    { rule: releaseRule, ref: 'branch:release-v1', commit: c2, tags: [`v1-${utcStamp(commitTime(server, 'acme/predict', c2))}-${c2.slice(0, 6)}`], trigger: 'push', dedupeKey: `push:${releaseRule}:${c2}` },
    { rule: tagRule, ref: 'tag:v2.0.0', commit: c1, tags: ['2.0.0', 'stable'], trigger: 'push', dedupeKey: `push:${tagRule}:${c1}` },
  ].sort(sort));
  assert.notEqual(c0, c1);
  const messages = (await ok(core, 'activity:list', { subject: repository.id })).map((a) => a.message).join('\n');
  assert.match(messages, /Branch feature-x was created at \w{7} \(remote watcher\): no build rule matches it/);
  assert.match(messages, /Branch main moved \w{7} → \w{7} \(remote watcher\): rule “branch main” queued build #\d/);
  const status = (await ok(core, 'triggers:status', { repositoryId: repository.id }))[0];
  assert.equal(status?.watching, true);
  assert.equal(status?.lastError, null);
  assert.ok(status?.nextCheckAt);
  core.close();
});

test('the same commit on two branches builds each matching rule once; a deleted branch and a force-push behave', async () => {
  const url = server.createRepo('acme/twice');
  server.commit('acme/twice', 'main', { Dockerfile: 'FROM busybox\n' });
  const enqueuer = new RecordingEnqueuer();
  const core = await watchedCore(tempDir(), enqueuer);
  const { repository, ruleIds } = await boundRepository(core, url, [
    { ...ruleBase, type: 'branch', source: 'main' },
    { ...ruleBase, type: 'branch', source: 'main|prod', isRegex: true, tags: [{ template: 'edge' }] },
  ]);
  const [mainOnly, both] = ruleIds;
  await firstLook(core, repository.id);

  const c1 = server.commit('acme/twice', 'main', { 'a.txt': '1' });
  await enqueuer.waitFor(2);
  setBranch(server, 'acme/twice', 'prod', c1);
  await until('the prod branch to be seen', () => enqueuer.duplicates.length >= 1);
  await sleep(1500);
  assert.deepEqual(enqueuer.builds.map((b) => [b.request.ruleId, b.request.ref.name, b.request.commit]).sort(), [[mainOnly, 'main', c1], [both, 'main', c1]].sort());
  assert.deepEqual(enqueuer.duplicates.map((d) => [d.ruleId, d.ref.name, d.commit]), [[both, 'prod', c1]]);

  server.deleteBranch('acme/twice', 'prod');
  await until('the deletion to be recorded', async () => (await ok(core, 'activity:list', { subject: repository.id })).find((a) => /Branch prod was deleted .*nothing to build/.test(a.message)));
  assert.equal(enqueuer.builds.length, 2);

  // A force-push: main now points at an unrelated commit, which is built.
  const other = server.commit('acme/twice', 'scratch', { 'b.txt': 'unrelated' });
  setBranch(server, 'acme/twice', 'main', other);
  await enqueuer.waitFor(4);
  assert.deepEqual(enqueuer.builds.slice(2).map((b) => [b.request.ruleId, b.request.ref.name, b.request.commit]).sort(), [[mainOnly, 'main', other], [both, 'main', other]].sort());
  core.close();
});

test('a push made while Slipway is closed is built once when it opens again', async () => {
  const url = server.createRepo('acme/closed');
  server.commit('acme/closed', 'main', { Dockerfile: 'FROM busybox\n' });
  const dir = tempDir();
  const first = new RecordingEnqueuer();
  const core1 = await watchedCore(dir, first);
  const { repository, ruleIds } = await boundRepository(core1, url, [{ ...ruleBase, type: 'branch', source: 'main' }]);
  await firstLook(core1, repository.id);
  core1.close();

  const c1 = server.commit('acme/closed', 'main', { 'a.txt': 'while closed' });
  const second = new RecordingEnqueuer();
  const core2 = testCore(dir, undefined, { enqueuer: second });
  const [build] = await second.waitFor(1);
  assert.deepEqual([build?.request.ruleId, build?.request.ref.name, build?.request.commit], [ruleIds[0], 'main', c1]);
  await sleep(2500);
  assert.equal(second.builds.length, 1, 'built once');
  core2.close();

  // Opened again with nothing new: nothing is built.
  const third = new RecordingEnqueuer();
  const core3 = testCore(dir, undefined, { enqueuer: third });
  await until('a check after the restart', async () => {
    const s = (await ok(core3, 'triggers:status', { repositoryId: repository.id }))[0];
    return s && s.lastCheckedAt && Date.parse(s.lastCheckedAt) > (build?.at ?? 0) + 2500;
  });
  assert.equal(third.builds.length, 0);
  core3.close();
});
