import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { Build, BuildStep } from '../../../src/shared/models/build';
import type { BuildRule } from '../../../src/shared/models/rule';
import { RegistryClient } from '../../../src/main/core/registries';
import { testCore } from '../../support/core';
import { call, imageRepositoryFor, rule } from '../../support/build-fixture';
import { startGitServer, type GitServer } from '../../support/git-server';
import { podmanCli, testPodman } from '../../support/podman';
import { processesMentioning } from '../../support/processes';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';
import type { TestEngine } from '../../support/engine';

// Podman as the builder, through its Docker-compatible API: the core's local builder is pointed at
// the test Podman service with DOCKER_HOST (an added builder would need a unix:// endpoint, which
// the builder form does not take yet), so each build runs the whole path: runner, build, push.
let podman: TestEngine;
let registry: RunningRegistry;
let git: GitServer;
let core: Core;

before(async () => {
  [podman, registry, git] = await Promise.all([testPodman(), startRegistry({ auth: 'htpasswd' }), startGitServer()]);
  const dir = tempDir();
  core = testCore(dir, { DOCKER_CONFIG: dir, DOCKER_HOST: podman.host });
});
after(async () => {
  core?.close();
  // The service outlives the run: drop this run's images (their registry port is this run's own).
  if (registry) {
    const names = (await podmanCli(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout.split('\n').filter((n) => n.startsWith(`${registry.host}/`));
    if (names.length > 0) await podmanCli(['rmi', '--force', ...names]);
  }
  await registry?.stop();
  await git?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  for (let i = 0; i < timeoutMs / 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const log = async (id: string) => (await call<{ lines: string[] }>(core, 'builds:log', { id, limit: 100_000 })).lines;

async function buildOnce(repoName: string, files: Record<string, string>, spec: Parameters<typeof rule>[0] = {}): Promise<{ done: Build; lines: string[]; steps: BuildStep[] }> {
  const repo = await imageRepositoryFor(core, registry, git, repoName);
  const commit = git.commit(repoName, 'main', files);
  const saved = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule(spec) });
  const build = await core.builds.enqueue({ repositoryId: repo.id, ruleId: saved.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' });
  assert.ok(build);
  const done = await core.builds.settled(build.id);
  const { steps } = await call<{ steps: BuildStep[] }>(core, 'builds:get', { id: build.id });
  return { done, lines: await log(build.id), steps };
}

test('a build with RUN steps is pushed from Podman; the recorded digest is what the registry serves, steps and log read as on Docker', async () => {
  const { done, lines, steps } = await buildOnce(
    'acme/pod-app',
    {
      Dockerfile: 'FROM local/busybox\nARG GREETING=unset\nCOPY . /src\nRUN echo "greeting=$GREETING" && ls /src\nCMD ["/src/app.sh"]\n',
      // New content every run: the service's store outlives the run, and its layer cache with it.
      'app.sh': `#!/bin/sh\necho hi ${Date.now()}\n`,
    },
    { tags: [{ template: 'latest' }, { template: 'v1' }], buildArgs: [{ key: 'GREETING', value: 'hello-from-podman', secret: false }] },
  );
  const text = lines.join('\n');
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${text}`);
  assert.match(text, /Context: tar upload \(the builder has no BuildKit session\)/);

  const client = new RegistryClient({ host: registry.host, insecure: true }, { username: registry.users[0]!.username, secret: registry.users[0]!.password });
  assert.deepEqual(done.tags.map((t) => t.tag), ['latest', 'v1']);
  for (const tag of done.tags) {
    const served = await client.getManifest('team/pod-app', tag.tag);
    assert.equal(tag.digest, served.digest, `${tag.tag}: the recorded digest is the one the registry serves`);
  }

  // Steps named as BuildKit names them, each with a block in the log the build page can find.
  // buildah counts every instruction as a step, and the labels Slipway sets as three more.
  const names = steps.map((s) => s.name);
  assert.deepEqual(names.slice(0, 5), ['[1/8] FROM local/busybox', '[2/8] ARG GREETING=unset', '[3/8] COPY . /src', '[4/8] RUN echo "greeting=$GREETING" && ls /src', '[5/8] CMD ["/src/app.sh"]'], names.join(' | '));
  assert.ok(steps.every((s) => s.completedAt !== null && s.error === null));
  const header = lines.indexOf('#4 [4/8] RUN echo "greeting=$GREETING" && ls /src');
  assert.ok(header >= 0, text);
  assert.match(lines[header + 1] ?? '', /^#4 \d+\.\d{3} greeting=hello-from-podman$/);
  assert.ok(lines.slice(header).some((l) => /^#4 DONE \d+\.\ds$/.test(l)), text);

  // A retry of the same commit reuses buildah's layers: the RUN step reads as cached.
  const retried = await core.builds.settled((await call<Build>(core, 'builds:retry', { id: done.id })).id);
  assert.equal(retried.status, 'succeeded');
  const retrySteps = (await call<{ steps: BuildStep[] }>(core, 'builds:get', { id: retried.id })).steps;
  assert.equal(retrySteps.find((s) => s.name.startsWith('[4/8] RUN'))?.cached, true, JSON.stringify(retrySteps));

  // Labels reach the image as on Docker.
  const labels = await podmanCli(['image', 'inspect', '--format', '{{json .Labels}}', `${registry.host}/team/pod-app:latest`]);
  assert.equal((JSON.parse(labels.stdout) as Record<string, string>)['org.opencontainers.image.revision'], done.commit);
});

test('a failing RUN fails the build with its step, exit code and last lines', async () => {
  const { done, lines } = await buildOnce('acme/pod-broken', { Dockerfile: 'FROM local/busybox\nRUN echo about-to-fail && exit 3\n' });
  assert.equal(done.status, 'failed');
  assert.equal(done.error?.message, 'Step [2/5] RUN echo about-to-fail && exit 3 failed with exit code 3.');
  assert.match(done.error?.hint ?? '', /about-to-fail/);
  assert.ok(lines.some((l) => /^#2 ERROR: .*exit status 3$/.test(l)), lines.join('\n'));
  // forcerm: buildah keeps no working container of the failed build.
  const external = await podmanCli(['ps', '--external', '--all', '--format', '{{.Names}}']);
  assert.equal(external.stdout.trim(), '', external.stdout);
});

test('cancel ends the build at once; Podman finishes the running RUN but starts no further step and tags nothing', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'acme/pod-slow');
  const marker = 5000 + Math.floor(Math.random() * 1000);
  const commit = git.commit('acme/pod-slow', 'main', { Dockerfile: `FROM local/busybox\nRUN echo started && sleep 6 && echo ${marker}\nRUN sleep ${marker}\n` });
  const saved = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'slow' }] }) });
  const build = (await core.builds.enqueue({ repositoryId: repo.id, ruleId: saved.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!;
  const running = () => (processesMentioning(`echo ${marker}`).length > 0 ? true : undefined);
  await waitFor('the first RUN step to be running', running);
  const asked = Date.now();
  await call<Build>(core, 'builds:cancel', { id: build.id });
  const done = await core.builds.settled(build.id);
  assert.equal(done.status, 'canceled');
  assert.ok(Date.now() - asked < 5_000, 'the build ends without waiting for the step');
  // The RUN's process ends by itself (Podman 4.3 has no way to stop it), and the next never starts.
  await waitFor('the first RUN to end', () => (running() ? undefined : true), 30_000);
  await sleep(3_000);
  assert.deepEqual(processesMentioning(`sleep ${marker}`).map((p) => p.argv.join(' ')), []);
  assert.notEqual((await podmanCli(['image', 'exists', `${registry.host}/team/pod-slow:slow`])).code, 0, 'nothing was tagged');
});

test('secret build parameters are refused on Podman with the plain reason, before anything is built', async () => {
  const { done, lines } = await buildOnce('acme/pod-secret', { Dockerfile: 'FROM local/busybox\nRUN --mount=type=secret,id=NPM_TOKEN cat /run/secrets/NPM_TOKEN\n' }, { buildArgs: [{ key: 'NPM_TOKEN', value: 'npm-secret-value-77', secret: true }] });
  assert.equal(done.status, 'failed');
  assert.equal(done.error?.code, 'conflict');
  // Placement refuses it before the build reaches the engine (the build path would refuse it too).
  assert.match(done.error?.message ?? '', /secret build parameters, which need a BuildKit session, and ".*" cannot open one \(Podman has none\)/);
  assert.ok(!lines.some((l) => /^#\d+ \[/.test(l)), `no step ran:\n${lines.join('\n')}`);
  assert.ok(!lines.join('\n').includes('npm-secret-value-77'));
});

test('a FROM on a login-protected registry fails with the hint that Podman must be logged in itself', async () => {
  // The registry's own image, named by "localhost": Podman's store holds it only as 127.0.0.1:…, so it must pull.
  await buildOnce('acme/pod-base', { Dockerfile: 'FROM local/busybox\nRUN echo base > /base.txt\n' });
  const base = `localhost:${registry.host.split(':')[1]}/team/pod-base:latest`;
  const { done } = await buildOnce('acme/pod-private', { Dockerfile: `FROM ${base}\nRUN cat /base.txt\n` });
  assert.equal(done.status, 'failed');
  assert.equal(done.error?.code, 'unauthorized', JSON.stringify(done.error));
  assert.match(done.error?.message ?? '', new RegExp(base.replace(/[.]/g, '\\.')));
  assert.match(done.error?.hint ?? '', /podman login/);
});
