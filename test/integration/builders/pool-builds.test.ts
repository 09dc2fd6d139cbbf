import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import { RegistryClient } from '../../../src/main/core/registries';
import type { Build, BuildStep } from '../../../src/shared/models/build';
import type { ImageRepository } from '../../../src/shared/models/repository';
import type { BuildRule } from '../../../src/shared/models/rule';
import { call, imageRepositoryFor, rule } from '../../support/build-fixture';
import { testCore } from '../../support/core';
import { ensureBusyboxImage, testEngine } from '../../support/engine';
import { extraEngine, type ExtraEngine } from '../../support/extra-engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { enableArm64Emulation, pushMultiArchBase } from '../../support/multiarch-base';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';
import { until } from '../../support/triggers';

// Two engines this file owns (A and B, each its own dockerd and bridge) as builders of one pool;
// B is declared arm64-native in its builder settings and runs arm64 through QEMU here.
let core: Core;
let registry: RunningRegistry;
let git: GitServer;
let a: ExtraEngine;
let b: ExtraEngine;
let builderA: string;
let builderB: string;
let client: RegistryClient;
const base = () => `${registry.host}/base/multi:1`;

before(async () => {
  enableArm64Emulation();
  const local = await testEngine();
  [registry, git, a, b] = await Promise.all([startRegistry({ auth: 'htpasswd' }), startGitServer(), extraEngine('a'), extraEngine('b')]);
  await ensureBusyboxImage(local);
  const dir = tempDir();
  core = testCore(dir, { DOCKER_CONFIG: dir, DOCKER_HOST: local.host });
  const user = registry.users[0]!;
  client = new RegistryClient({ host: registry.host, insecure: true }, { username: user.username, secret: user.password });
  await pushMultiArchBase(client, 'base/multi', '1');
  builderA = (await call<{ id: string }>(core, 'builders:create', { name: 'engine-a', endpoint: a.endpoint })).id;
  builderB = (await call<{ id: string }>(core, 'builders:create', { name: 'engine-b', endpoint: b.endpoint })).id;
  await call(core, 'builders:update', { id: builderB, capacity: 1, nativePlatforms: ['linux/arm64'] });
});

after(async () => {
  core?.close();
  // An engine killed by a test comes back for the next run.
  for (const engine of [a, b]) if (engine && !(await engine.running())) await engine.start();
  await registry?.stop();
  await git?.stop();
});

const log = async (id: string) => (await call<{ lines: string[] }>(core, 'builds:log', { id, limit: 100_000 })).lines.join('\n');
const details = (id: string) => call<{ build: Build; steps: BuildStep[] }>(core, 'builds:get', { id });

async function repositoryOnPool(name: string, pool: string[]): Promise<ImageRepository> {
  const repo = await imageRepositoryFor(core, registry, git, name);
  return call<ImageRepository>(core, 'repositories:update', { id: repo.id, builderPool: pool });
}

async function buildOf(repo: ImageRepository, commit: string, spec: Parameters<typeof rule>[0]): Promise<Build> {
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule(spec) });
  const queued = await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' });
  assert.ok(queued);
  return queued;
}

test('a two-platform build runs each platform on its own builder (arm64 on the builder declared arm64-native) and pushes one manifest list', async () => {
  const repo = await repositoryOnPool('acme/fanout', [builderA, builderB]);
  const commit = git.commit('acme/fanout', 'main', { Dockerfile: `FROM ${base()}\nRUN uname -m > /arch && echo "ran on $(cat /arch)"\n` });
  const queued = await buildOf(repo, commit, { architectures: ['linux/amd64', 'linux/arm64'], tags: [{ template: 'fan' }] });
  const done = await core.builds.settled(queued.id);
  const text = await log(done.id);
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${text}`);

  const { build } = await details(done.id);
  assert.deepEqual(build.placements.map((p) => [p.platform, p.builderId, p.fit]), [
    ['linux/amd64', builderA, 'native'],
    ['linux/arm64', builderB, 'native'],
  ]);
  assert.match(text, /Builder: engine-b \(tcp:\/\/127\.0\.0\.1:\d+\) · native linux\/arm64/);
  assert.match(text, /Builder: engine-a \(tcp:\/\/127\.0\.0\.1:\d+\) · native linux\/amd64/);
  assert.match(text, /ran on aarch64/);
  assert.match(text, /ran on x86_64/);

  // The registry serves one list naming both platforms, under the digest the build recorded.
  const top = await client.getManifest('team/fanout', 'fan');
  assert.equal(top.digest, done.tags[0]?.digest);
  assert.deepEqual((top.manifest.manifests ?? []).map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort(), ['linux/amd64', 'linux/arm64']);
});

test('builds wait within a builder’s capacity, Settings shows its load, and more capacity lets the next one start', async () => {
  const repo = await repositoryOnPool('acme/capacity', [builderA]);
  const load = async () => (await call<{ id: string; load: { running: number; waiting: number } }[]>(core, 'builders:list', {})).find((v) => v.id === builderA)?.load;
  const nonce = Date.now();
  const commits = [1, 2, 3].map((n) => git.commit('acme/capacity', 'main', { Dockerfile: `FROM ${base()}\nRUN echo cap-${nonce}-${n} && sleep 3\n` }));
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'cap' }] }) });
  const enqueue = async (n: number) => (await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit: commits[n - 1]!, trigger: 'push' }))!;
  const first = await enqueue(1);
  const second = await enqueue(2);
  await until('one running and one waiting on A', async () => {
    const l = await load();
    return l?.running === 1 && l.waiting === 1 ? l : null;
  }, 60_000);
  assert.equal((await details(second.id)).build.status, 'queued', 'capacity 1: the second waits');
  assert.equal((await core.builds.settled(first.id)).status, 'succeeded');
  assert.equal((await core.builds.settled(second.id)).status, 'succeeded', 'the queue took the second when A freed');

  await call(core, 'builders:update', { id: builderA, capacity: 2, nativePlatforms: [] });
  try {
    const third = await enqueue(3);
    const again = await core.builds.retry(first.id);
    await until('two builds running on A at once', async () => ((await load())?.running === 2 ? true : null), 60_000);
    assert.equal((await core.builds.settled(third.id)).status, 'succeeded');
    assert.equal((await core.builds.settled(again.id)).status, 'succeeded');
  } finally {
    await call(core, 'builders:update', { id: builderA, capacity: 1, nativePlatforms: [] });
  }
});

test('a build on builder B reuses the layers a build on builder A pushed (CACHED steps in B’s trace)', async () => {
  const repo = await repositoryOnPool('acme/cached', [builderA]);
  const nonce = `${Date.now()}-${Math.random()}`;
  const commit = git.commit('acme/cached', 'main', { Dockerfile: `FROM ${base()}\nRUN echo layer-${nonce} > /layer && sleep 1\nRUN cat /layer\n` });
  const first = await core.builds.settled((await buildOf(repo, commit, { tags: [{ template: 'cached' }] })).id);
  assert.equal(first.status, 'succeeded', await log(first.id));
  assert.equal(first.placements[0]?.builderId, builderA);
  const firstSteps = (await details(first.id)).steps.filter((s) => / RUN /.test(s.name));
  assert.ok(firstSteps.length >= 2 && firstSteps.every((s) => !s.cached), `A built its steps: ${JSON.stringify(firstSteps)}`);

  await call(core, 'repositories:update', { id: repo.id, builderPool: [builderB] });
  const retry = await call<Build>(core, 'builds:retry', { id: first.id });
  // A retry keeps its plan, pool included: a fresh push of the same commit goes to B.
  const second = await core.builds.settled((await core.builds.enqueue({ repositoryId: repo.id, ruleId: first.ruleId!, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'manual' }))!.id);
  assert.equal(second.status, 'succeeded', await log(second.id));
  assert.equal(second.placements[0]?.builderId, builderB);
  const steps = (await details(second.id)).steps.filter((s) => / RUN /.test(s.name));
  assert.ok(steps.length >= 2 && steps.every((s) => s.cached), `B reused A's layers: ${JSON.stringify(steps)}`);
  assert.equal((await core.builds.settled(retry.id)).placements[0]?.builderId, builderA);
});

test('an engine killed mid-build sends the build to the other builder, said once in the log, and it succeeds there', async () => {
  const repo = await repositoryOnPool('acme/failover', [builderA, builderB]);
  const marker = `failover-${Date.now()}`;
  const commit = git.commit('acme/failover', 'main', { Dockerfile: `FROM ${base()}\nRUN echo ${marker}-started-$((40+2)) && sleep 6 && echo ${marker}-done-$((40+2))\n` });
  const queued = await buildOf(repo, commit, { tags: [{ template: 'failover' }] });
  await until('the RUN step to start', async () => (await log(queued.id)).includes(`${marker}-started-42`), 60_000);
  const running = (await details(queued.id)).build;
  const first = running.placements[0];
  assert.ok(first);
  const victim = first.builderId === builderA ? a : b;
  await victim.kill();

  const done = await core.builds.settled(queued.id);
  const text = await log(done.id);
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${text}`);
  const survivor = first.builderId === builderA ? builderB : builderA;
  assert.deepEqual(done.placements.map((p) => [p.builderId, p.afterFailover]), [[survivor, true]]);
  assert.equal(text.match(/was lost \(.*\): the build goes back to the queue for another builder/g)?.length, 1, text);
  assert.match(text, new RegExp(`${marker}-done-42`));
  assert.match(text, /after failover/);
  assert.equal(done.startedAt, running.startedAt, 'the duration counts both tries');
  await victim.start();
});

test('a build that loses its second builder too fails with a plain reason instead of going round again', async () => {
  const repo = await repositoryOnPool('acme/lost-twice', [builderA, builderB]);
  const marker = `twice-${Date.now()}`;
  const commit = git.commit('acme/lost-twice', 'main', { Dockerfile: `FROM ${base()}\nRUN echo ${marker}-started-$((40+2)) && sleep 6\n` });
  const queued = await buildOf(repo, commit, { tags: [{ template: 'twice' }] });
  const engineOf = (id: string | undefined) => (id === builderA ? a : b);
  await until('the first RUN to start', async () => (await log(queued.id)).includes(`${marker}-started-42`), 60_000);
  const first = engineOf((await details(queued.id)).build.placements[0]?.builderId);
  await first.kill();
  await until('the build to go to the other builder', async () => (await details(queued.id)).build.placements[0]?.afterFailover === true, 60_000);
  await until('the second RUN to start', async () => ((await log(queued.id)).match(new RegExp(`${marker}-started-42`, 'g'))?.length ?? 0) >= 2, 60_000);
  const second = engineOf((await details(queued.id)).build.placements[0]?.builderId);
  assert.notEqual(second, first);
  await second.kill();

  const done = await core.builds.settled(queued.id);
  assert.equal(done.status, 'failed');
  assert.equal(done.error?.code, 'unavailable');
  assert.match(done.error?.message ?? '', /lost its builder twice/);
  assert.equal((await log(done.id)).match(/goes back to the queue/g)?.length, 1);
  await Promise.all([a.start(), b.start()]);
});
