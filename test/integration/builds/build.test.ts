import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { Build } from '../../../src/shared/models/build';
import type { BuildRule } from '../../../src/shared/models/rule';
import { RegistryClient } from '../../../src/main/core/registries';
import { testCore } from '../../support/core';
import { call, imageRepositoryFor, rule } from '../../support/build-fixture';
import { cli, ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';
import { enableArm64Emulation, pushMultiArchBase } from '../../support/multiarch-base';
import { remoteEngine } from '../../support/remote-engine';
import { scriptedReceiver } from '../../support/webhooks';

let engine: TestEngine;
let registry: RunningRegistry;
let git: GitServer;
let core: Core;

before(async () => {
  [engine, registry, git] = await Promise.all([testEngine(), startRegistry({ auth: 'htpasswd' }), startGitServer()]);
  await ensureBusyboxImage(engine);
  const dir = tempDir();
  core = testCore(dir, { DOCKER_CONFIG: dir, DOCKER_HOST: engine.host });
});
after(async () => {
  core?.close();
  await registry?.stop();
  await git?.stop();
});

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  for (let i = 0; i < timeoutMs / 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const log = async (id: string) => (await call<{ lines: string[] }>(core, 'builds:log', { id, limit: 100_000 })).lines.join('\n');

test('a push builds a multi-step Dockerfile with build args and .dockerignore, and the pushed digest is what the registry serves', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'acme/app');
  const commit = git.commit('acme/app', 'main', {
    Dockerfile: 'FROM local/busybox\nARG GREETING=unset\nCOPY . /src\nRUN echo "greeting=$GREETING" && ls /src\nRUN test ! -e /src/secret.env && test -e /src/app.sh\nCMD ["/src/app.sh"]\n',
    '.dockerignore': 'secret.env\n',
    'secret.env': 'PASSWORD=nope\n',
    'app.sh': '#!/bin/sh\necho hi\n',
  });
  const saved = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'latest' }, { template: 'main', commitIdLength: 7 }], buildArgs: [{ key: 'GREETING', value: 'hello-from-rule', secret: false }] }) });
  const build = await core.builds.enqueue({ repositoryId: repo.id, ruleId: saved.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push', dedupeKey: `push:${saved.id}:${commit}` });
  assert.ok(build);
  const again = await core.builds.enqueue({ repositoryId: repo.id, ruleId: saved.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push', dedupeKey: `push:${saved.id}:${commit}` });
  assert.equal(again, null, 'the same rule and commit build once');

  const done = await core.builds.settled(build.id);
  const text = await log(build.id);
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${text}`);
  assert.match(text, /greeting=hello-from-rule/);
  assert.match(text, /Context: session file sync, sent \d+ files/, 'a small context goes by the session’s file sync too (quicker than a tar at every size measured)');
  assert.deepEqual(done.tags.map((t) => t.tag), ['latest', `main-${commit.slice(0, 7)}`]);

  const client = new RegistryClient({ host: registry.host, insecure: true }, { username: registry.users[0]!.username, secret: registry.users[0]!.password });
  for (const tag of done.tags) {
    const served = await client.getManifest('team/app', tag.tag);
    assert.equal(tag.digest, served.digest, `${tag.tag}: the recorded digest is the one the registry serves`);
  }
  // The second tag is the first one's manifest put through the registry's API, not a second engine push.
  assert.equal(done.tags[1]?.digest, done.tags[0]?.digest, 'both tags name one manifest');
  assert.match(text, new RegExp(`team/app:main-${commit.slice(0, 7)}: digest sha256:[0-9a-f]{64} \\(the same manifest, put under this tag`));
  assert.doesNotMatch(text, /Pushing \S+:main-/);
  const { build: got, steps } = await call<{ build: Build; steps: { name: string; cached: boolean }[] }>(core, 'builds:get', { id: build.id });
  assert.equal(got.logLines > 5, true);
  assert.ok(steps.some((s) => /RUN echo "greeting/.test(s.name)), `steps: ${steps.map((s) => s.name).join(' | ')}`);

  // The OCI labels name the source and revision.
  const inspect = await cli(engine, ['image', 'inspect', '--format', '{{json .Config.Labels}}', `${registry.host}/team/app:latest`]);
  const labels = JSON.parse(inspect.stdout) as Record<string, string>;
  assert.equal(labels['org.opencontainers.image.revision'], commit);

  // A retry of the same commit uses the cache: every step is cached.
  const retry = await call<Build>(core, 'builds:retry', { id: build.id });
  const retried = await core.builds.settled(retry.id);
  assert.equal(retried.status, 'succeeded');
  const retrySteps = (await call<{ steps: { name: string; cached: boolean }[] }>(core, 'builds:get', { id: retry.id })).steps;
  assert.ok(retrySteps.filter((s) => /^\[\d\/\d\] RUN/.test(s.name)).every((s) => s.cached), `cached: ${JSON.stringify(retrySteps)}`);
});

test('a failing step fails the build with its exit code and last lines; a missing Dockerfile says where it looked', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'acme/broken');
  const commit = git.commit('acme/broken', 'main', { Dockerfile: 'FROM local/busybox\nRUN echo about-to-fail && exit 3\n', 'docker/other.Dockerfile': 'FROM local/busybox\n' });
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule() });
  const failed = await core.builds.settled((await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!.id);
  assert.equal(failed.status, 'failed');
  assert.match(failed.error?.message ?? '', /exit code 3/);
  assert.match(failed.error?.hint ?? '', /about-to-fail/);

  const wrong = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ dockerfile: 'Dockerfile.prod' }) });
  const missing = await core.builds.settled((await core.builds.enqueue({ repositoryId: repo.id, ruleId: wrong.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!.id);
  assert.equal(missing.status, 'failed');
  assert.equal(missing.error?.code, 'not_found');
  assert.match(missing.error?.message ?? '', /Dockerfile\.prod/);
});

test('cancel mid-RUN stops the step on the engine and the build ends canceled', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'acme/slow');
  const marker = 4000 + Math.floor(Math.random() * 1000);
  const commit = git.commit('acme/slow', 'main', { Dockerfile: `FROM local/busybox\nRUN echo started && sleep ${marker}\n` });
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'slow' }] }) });
  const build = (await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!;
  const sleeping = () => {
    try {
      return execFileSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  await waitFor('the RUN step to be running', sleeping);
  const canceled = await call<Build>(core, 'builds:cancel', { id: build.id });
  assert.ok(['running', 'canceled'].includes(canceled.status));
  const done = await core.builds.settled(build.id);
  assert.equal(done.status, 'canceled');
  await waitFor('the sleep to be gone from the engine', () => (sleeping() ? undefined : true), 15_000);
  assert.match(await log(build.id), /started/);
});

test('a private base image is pulled through the BuildKit session with the registry login Slipway holds', async () => {
  const user = registry.users[0]!;
  const base = `${registry.host}/base/busybox:1`;
  const config = tempDir();
  assert.equal((await cli(engine, ['login', '-u', user.username, '--password-stdin', registry.host], { env: { DOCKER_CONFIG: config }, input: user.password })).code, 0);
  assert.equal((await cli(engine, ['tag', 'local/busybox', base])).code, 0);
  assert.equal((await cli(engine, ['push', base], { env: { DOCKER_CONFIG: config } })).code, 0);
  await cli(engine, ['rmi', base]);

  const repo = await imageRepositoryFor(core, registry, git, 'acme/private-base');
  const commit = git.commit('acme/private-base', 'main', { Dockerfile: `FROM ${base}\nRUN echo built-on-private-base\n` });
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule() });
  const done = await core.builds.settled((await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!.id);
  const text = await log(done.id);
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${text}`);
  assert.match(text, /built-on-private-base/);
  assert.match(text, new RegExp(`asked for the login to ${registry.host.replace(/\./g, '\\.')}`));
  assert.equal(text.includes(user.password), false, 'the password is never in the log');
});

test('a linux/amd64 + linux/arm64 rule builds each platform (arm64 under QEMU) and pushes one index serving both', async () => {
  enableArm64Emulation();
  const user = registry.users[0]!;
  const client = new RegistryClient({ host: registry.host, insecure: true }, { username: user.username, secret: user.password });
  await pushMultiArchBase(client, 'base/multi', '1');
  const repo = await imageRepositoryFor(core, registry, git, 'acme/multi');
  const commit = git.commit('acme/multi', 'main', { Dockerfile: `FROM ${registry.host}/base/multi:1\nRUN uname -m > /arch && cat /arch\n` });
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ architectures: ['linux/amd64', 'linux/arm64'], tags: [{ template: 'multi' }] }) });
  const done = await core.builds.settled((await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!.id);
  const text = await log(done.id);
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${text}`);
  assert.match(text, /aarch64/, 'the arm64 RUN ran under emulation');
  assert.match(text, /x86_64/);
  const top = await client.getManifest('team/multi', 'multi');
  assert.equal(top.digest, done.tags[0]?.digest);
  const platforms = (top.manifest.manifests ?? []).map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort();
  assert.deepEqual(platforms, ['linux/amd64', 'linux/arm64']);
  const described = await client.describeTag('team/multi', 'multi');
  assert.deepEqual([...described.platforms].sort(), ['linux/amd64', 'linux/arm64']);
});

test('the two platforms of a build on one engine build at the same time, and the first to fail stops the other', async () => {
  enableArm64Emulation();
  const user = registry.users[0]!;
  await pushMultiArchBase(new RegistryClient({ host: registry.host, insecure: true }, { username: user.username, secret: user.password }), 'base/multi', '1');
  const repo = await imageRepositoryFor(core, registry, git, 'acme/side-by-side');
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ architectures: ['linux/amd64', 'linux/arm64'], tags: [{ template: 'side' }] }) });
  const run = async (dockerfile: string) => {
    const commit = git.commit('acme/side-by-side', 'main', { Dockerfile: dockerfile });
    const started = performance.now();
    const done = await core.builds.settled((await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!.id);
    return { done, seconds: (performance.now() - started) / 1000, text: await log(done.id), steps: (await call<{ steps: { name: string; platform: string | null; startedAt: string | null; completedAt: string | null }[] }>(core, 'builds:get', { id: done.id })).steps };
  };

  // Each platform's RUN sleeps 2 s: side by side, each RUN starts before the other has ended.
  const both = await run(`FROM ${registry.host}/base/multi:1\nRUN echo side-${Date.now()} && sleep 2 && uname -m\n`);
  assert.equal(both.done.status, 'succeeded', `${JSON.stringify(both.done.error)}\n${both.text}`);
  const runs = ['linux/amd64', 'linux/arm64'].map((platform) => {
    const step = both.steps.find((s) => / RUN /.test(s.name) && s.platform === platform);
    assert.ok(step?.startedAt && step.completedAt, `a timed RUN step for ${platform}: ${JSON.stringify(both.steps)}`);
    return { start: Date.parse(step.startedAt), end: Date.parse(step.completedAt) };
  });
  const [amd, arm] = runs as [{ start: number; end: number }, { start: number; end: number }];
  assert.ok(amd.start < arm.end && arm.start < amd.end, `the RUN steps overlap in time: ${JSON.stringify(runs)}`);

  // amd64 fails at once; arm64 would sleep 60 s. The build fails with amd64's step, well before that.
  const failing = await run(`FROM ${registry.host}/base/multi:1\nRUN echo fail-${Date.now()} && if [ "$(uname -m)" = x86_64 ]; then exit 3; fi && sleep 60\n`);
  assert.equal(failing.done.status, 'failed', failing.text);
  assert.match(failing.done.error?.message ?? '', /exit code 3/, JSON.stringify(failing.done.error));
  assert.ok(failing.seconds < 40, `the arm64 build was stopped, not waited for (${failing.seconds.toFixed(1)} s)`);
});

test('a remote engine over tcp:// with TLS client certificates builds and pushes', async () => {
  const remote = await remoteEngine();
  await ensureBusyboxImage({ host: `unix://${remote.socketPath}`, socketPath: remote.socketPath });
  const builder = await call<{ id: string; status: { state: string } }>(core, 'builders:create', {
    name: 'remote-tls',
    endpoint: remote.endpoint,
    caCertPem: remote.caPem,
    clientCertPem: remote.clientCertPem,
    clientKeyPem: remote.clientKeyPem,
  });
  assert.equal(builder.status.state, 'reachable', JSON.stringify(builder.status));
  const listed = await call<{ id: string; tls: boolean }[]>(core, 'builders:list', {});
  assert.equal(listed.find((b) => b.id === builder.id)?.tls, true);
  assert.equal(JSON.stringify(listed).includes('PRIVATE KEY'), false, 'the client key never leaves main');

  const repo = await imageRepositoryFor(core, registry, git, 'acme/remote');
  await call(core, 'repositories:update', { id: repo.id, builderId: builder.id });
  const commit = git.commit('acme/remote', 'main', { Dockerfile: 'FROM local/busybox\nRUN echo built-remotely\n' });
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'remote' }] }) });
  const done = await core.builds.settled((await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!.id);
  const text = await log(done.id);
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${text}`);
  assert.match(text, /Builder: remote-tls \(tcp:\/\/127\.0\.0\.1:\d+\)/);
  assert.match(text, /built-remotely/);
  assert.doesNotMatch(text, /no BuildKit session/, 'the session works over TLS too');
  // The image exists on the remote engine, not on the local one.
  const onRemote = await cli({ host: `unix://${remote.socketPath}`, socketPath: remote.socketPath }, ['image', 'inspect', `${registry.host}/team/remote:remote`]);
  assert.equal(onRemote.code, 0);
  const onLocal = await cli(engine, ['image', 'inspect', `${registry.host}/team/remote:remote`]);
  assert.notEqual(onLocal.code, 0);
});

test('a build that pushes a tag notifies the repository’s webhook with that tag and digest', async () => {
  const receiver = await scriptedReceiver([200]);
  try {
    const repo = await imageRepositoryFor(core, registry, git, 'acme/hooked');
    await call(core, 'webhooks:create', { repositoryId: repo.id, name: 'ci', url: receiver.url, trigger: { kind: 'all' } });
    const commit = git.commit('acme/hooked', 'main', { Dockerfile: 'FROM local/busybox\nRUN echo hooked\n' });
    const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'hooked' }] }) });
    const done = await core.builds.settled((await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!.id);
    assert.equal(done.status, 'succeeded');
    const request = await waitFor('the webhook delivery', () => receiver.requests[0], 15_000);
    const body = JSON.parse(request.body) as { push_data: { tag: string; digest: string }; repository: { name: string } };
    assert.equal(body.push_data.tag, 'hooked');
    assert.equal(body.push_data.digest, done.tags[0]?.digest);
    assert.equal(body.repository.name, 'hooked');
  } finally {
    await receiver.close();
  }
});

test('a secret build parameter reaches RUN --mount=type=secret through the session and stays out of the image and its history', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'acme/secretive');
  const commit = git.commit('acme/secretive', 'main', {
    // The Dockerfile compares a hash, so the secret's text appears nowhere but in the vault.
    // The nonce keeps the step from being answered by the cache of an earlier run (then no secret is read).
    Dockerfile: `FROM local/busybox\nARG VISIBLE\nRUN --mount=type=secret,id=NPM_TOKEN echo nonce-${Date.now()} && test "$(md5sum < /run/secrets/NPM_TOKEN | cut -c1-32)" = "${createHash('md5').update('s3cr3t-value-42').digest('hex')}" && echo secret-ok visible=$VISIBLE\n`,
  });
  const r = await call<BuildRule>(core, 'rules:save', {
    repositoryId: repo.id,
    spec: rule({ tags: [{ template: 'secret' }], buildArgs: [{ key: 'NPM_TOKEN', value: 's3cr3t-value-42', secret: true }, { key: 'VISIBLE', value: 'yes', secret: false }] }),
  });
  const done = await core.builds.settled((await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!.id);
  const text = await log(done.id);
  assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${text}`);
  assert.match(text, /secret-ok visible=yes/);
  assert.match(text, /read the secret “NPM_TOKEN”/);
  assert.equal(text.includes('s3cr3t-value-42'), false, 'the secret is not in the log');
  const history = await cli(engine, ['history', '--no-trunc', `${registry.host}/team/secretive:secret`]);
  assert.equal(history.code, 0);
  assert.equal(history.stdout.includes('s3cr3t-value-42'), false, 'the secret is not in the image history');
  const inspect = await cli(engine, ['image', 'inspect', `${registry.host}/team/secretive:secret`]);
  assert.equal(inspect.stdout.includes('s3cr3t-value-42'), false);
});

test('plain errors: a builder that cannot be reached, and a registry that denies the push', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'acme/unreachable');
  const gone = await call<{ id: string }>(core, 'builders:create', { name: 'gone', endpoint: 'tcp://127.0.0.1:9' });
  await call(core, 'repositories:update', { id: repo.id, builderId: gone.id });
  const commit = git.commit('acme/unreachable', 'main', { Dockerfile: 'FROM local/busybox\n' });
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule() });
  // A builder that cannot be reached rests: the build waits for it (Settings shows why and who waits) rather than failing.
  const waiting = (await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!;
  const listed = await waitFor('the build to wait for the resting builder', async () => {
    const view = (await call<{ id: string; health: { state: string }; load: { waiting: number } }[]>(core, 'builders:list', {})).find((b) => b.id === gone.id);
    return view?.health.state === 'resting' && view.load.waiting === 1 ? view : undefined;
  });
  assert.equal(listed.load.waiting, 1);
  assert.equal((await call<Build>(core, 'builds:cancel', { id: waiting.id })).status, 'canceled');

  // A token registry where this account may pull but not push.
  const reader = { username: 'reader', password: 'reader-pw-7c1e' };
  const tokenRegistry = await startRegistry({ auth: 'token', users: [{ username: 'writer', password: 'writer-pw-1' }], pullOnlyUsers: [reader] });
  try {
    const reg = await call<{ id: string }>(core, 'registries:create', { name: 'read-only', endpoint: tokenRegistry.host, insecure: true, username: reader.username, password: reader.password });
    const ns = await call<{ id: string }>(core, 'namespaces:create', { registryId: reg.id, name: 'team' });
    const denied = await call<{ id: string }>(core, 'repositories:create', { namespaceId: ns.id, name: 'denied' });
    await call(core, 'repositories:update', { id: denied.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/unreachable', cloneUrl: `${git.url}/acme/unreachable.git` } });
    const rd = await call<BuildRule>(core, 'rules:save', { repositoryId: denied.id, spec: rule() });
    const done = await core.builds.settled((await core.builds.enqueue({ repositoryId: denied.id, ruleId: rd.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!.id);
    assert.equal(done.status, 'failed');
    assert.ok(['forbidden', 'unauthorized'].includes(done.error?.code ?? ''), JSON.stringify(done.error));
    assert.match(done.error?.hint ?? '', /push rights|username and password/);
    assert.equal((await log(done.id)).includes(reader.password), false);
  } finally {
    await tokenRegistry.stop();
  }
});

test('with "cancel superseded" on, a newer commit of the same rule cancels the older build; the queue keeps the concurrency from Settings', async () => {
  await call(core, 'settings:update', { concurrentBuilds: 1 });
  try {
    const repo = await imageRepositoryFor(core, registry, git, 'acme/superseded');
    await call(core, 'repositories:update', { id: repo.id, cancelSuperseded: true });
    const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ tags: [{ template: 'newest' }] }) });
    const older = git.commit('acme/superseded', 'main', { Dockerfile: `FROM local/busybox\nRUN echo older-${Date.now()} && sleep 20\n` });
    const first = (await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit: older, trigger: 'push' }))!;
    await waitFor('the first build to run', async () => ((await call<{ build: Build }>(core, 'builds:get', { id: first.id })).build.status === 'running' ? true : undefined));
    // A different repository's build waits: only one runs at a time.
    const other = await imageRepositoryFor(core, registry, git, 'acme/waiting');
    const otherCommit = git.commit('acme/waiting', 'main', { Dockerfile: 'FROM local/busybox\n' });
    const ro = await call<BuildRule>(core, 'rules:save', { repositoryId: other.id, spec: rule({ tags: [{ template: 'waiting' }] }) });
    const waiting = (await core.builds.enqueue({ repositoryId: other.id, ruleId: ro.id, ref: { kind: 'branch', name: 'main' }, commit: otherCommit, trigger: 'push' }))!;
    assert.equal(waiting.status, 'queued');

    const newer = git.commit('acme/superseded', 'main', { Dockerfile: `FROM local/busybox\nRUN echo newer-${Date.now()}\n` });
    const second = (await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit: newer, trigger: 'push' }))!;
    const canceled = await core.builds.settled(first.id);
    assert.equal(canceled.status, 'canceled');
    assert.match(await log(first.id), /a newer commit .* arrived as build #2/);
    assert.equal((await core.builds.settled(second.id)).status, 'succeeded');
    assert.equal((await core.builds.settled(waiting.id)).status, 'succeeded');
  } finally {
    await call(core, 'settings:update', { concurrentBuilds: 2 });
  }
});

test('a builder without a local cache takes an unchanged step from the images pushed before, build after build', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'acme/cold');
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule() });
  const prepare = /RUN echo prepared/;
  // dockerd 20.10 writes no inline cache record for a step taken from an imported cache: with only
  // the last image as the source, the third build ran the step again (issue 15, cache-sources.ts).
  for (let round = 1; round <= 3; round++) {
    const commit = git.commit('acme/cold', 'main', { Dockerfile: `FROM local/busybox\nRUN echo prepared > /prepared\nCOPY . /src\n`, 'round.txt': `${round}\n` });
    // As a new machine of the pool, or a builder pruned meanwhile, would start.
    await cli(engine, ['builder', 'prune', '-af']);
    await cli(engine, ['rmi', '-f', `${registry.host}/team/cold:latest`]);
    const build = (await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' }))!;
    const done = await core.builds.settled(build.id);
    assert.equal(done.status, 'succeeded', `${JSON.stringify(done.error)}\n${await log(build.id)}`);
    const { steps } = await call<{ steps: { name: string; cached: boolean }[] }>(core, 'builds:get', { id: build.id });
    const step = steps.find((s) => prepare.test(s.name));
    assert.ok(step, `round ${round}: steps ${steps.map((s) => s.name).join(' | ')}`);
    assert.equal(step.cached, round > 1, `round ${round}: the step was ${step.cached ? '' : 'not '}taken from a cache\n${await log(build.id)}`);
  }
});
