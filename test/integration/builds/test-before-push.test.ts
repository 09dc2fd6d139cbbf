import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { Build, BuildStep } from '../../../src/shared/models/build';
import type { BuildRule, RuleSpecInput } from '../../../src/shared/models/rule';
import type { ImageRepository } from '../../../src/shared/models/repository';
import { testCore } from '../../support/core';
import { call, imageRepositoryFor, rule } from '../../support/build-fixture';
import { RegistryClient } from '../../../src/main/core/registries';
import { cli, ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { hostCall, startHeadless } from '../../support/headless';
import { enableArm64Emulation, pushMultiArchBase } from '../../support/multiarch-base';
import { manifestStatus, registryTags, startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';
import { until } from '../../support/triggers';

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

const appDockerfile = 'FROM local/busybox\nRUN echo built-by-slipway > /greeting\n';

interface Ended {
  readonly build: Build;
  readonly steps: BuildStep[];
  readonly log: string;
  readonly repo: ImageRepository;
  /** The repository's path in the registry (team/name). */
  readonly path: string;
}

/** A repository on the git server with `files`, one rule with `spec`, one build of main, to its end. */
async function buildWith(name: string, files: Record<string, string>, spec: Partial<RuleSpecInput>, whileRunning?: (build: Build) => Promise<void>): Promise<Ended> {
  const repo = await imageRepositoryFor(core, registry, git, name);
  const commit = git.commit(name, 'main', files);
  const saved = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule(spec) });
  const build = await core.builds.enqueue({ repositoryId: repo.id, ruleId: saved.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'manual' });
  assert.ok(build);
  await whileRunning?.(build);
  const done = await until('the build ends', async () => {
    const got = await call<{ build: Build; steps: BuildStep[] }>(core, 'builds:get', { id: build.id });
    return got.build.finishedAt ? got : undefined;
  }, 180_000);
  const log = (await call<{ lines: string[] }>(core, 'builds:log', { id: build.id, limit: 100_000 })).lines.join('\n');
  return { build: done.build, steps: done.steps, log, repo, path: repo.reference.slice(registry.host.length + 1) };
}

/** The log lines of the step whose header is `#N name`: the header's number marks them. */
function stepLines(log: string, name: string): string[] {
  const lines = log.split('\n');
  const header = lines.find((l) => /^#\d+ /.test(l) && l.endsWith(` ${name}`));
  assert.ok(header, `the log has the step “${name}”:\n${log}`);
  const number = header.split(' ')[0];
  return lines.filter((l) => l.startsWith(`${number} `) && l !== header).map((l) => l.slice(`${number} `.length));
}

test('a passing command test runs in the built image with the build environment, as its own step, and the tag is pushed', async () => {
  const command = 'test "$(cat /greeting)" = built-by-slipway && echo "tested $IMAGE_NAME on $SOURCE_BRANCH"';
  const r = await buildWith('tbp/pass', { Dockerfile: appDockerfile }, { tags: [{ template: 'latest' }, { template: 'edge' }], test: { kind: 'command', command } });
  assert.equal(r.build.status, 'succeeded', r.log);
  const name = `Test before push: ${command}`;
  assert.ok(stepLines(r.log, name).includes(`tested ${r.repo.reference}:latest on main`), r.log);
  const step = r.steps.find((s) => s.name === name);
  assert.ok(step?.completedAt && step.error === null, 'the step list shows the test, done');
  assert.ok(r.log.indexOf(name) < r.log.indexOf('Pushing '), 'the test ran before the push');
  assert.deepEqual((await registryTags(registry, r.path)).sort(), ['edge', 'latest']);
});

test('a failing command test fails the build with its exit code and output, and the registry gets nothing', async () => {
  const command = 'echo "checking the greeting"; echo "greeting is wrong" >&2; exit 3';
  const r = await buildWith('tbp/fail', { Dockerfile: appDockerfile }, { tags: [{ template: 'latest' }, { template: 'v1' }], test: { kind: 'command', command } });
  assert.equal(r.build.status, 'failed', r.log);
  assert.match(r.build.error?.message ?? '', /The test .* exited with 3; nothing was pushed\./);
  assert.match(r.build.error?.hint ?? '', /Test before push/);
  const name = `Test before push: ${command}`;
  const output = stepLines(r.log, name);
  assert.ok(output.includes('checking the greeting') && output.includes('greeting is wrong'), r.log);
  assert.equal(r.steps.find((s) => s.name === name)?.error, 'exited with 3');
  assert.doesNotMatch(r.log, /Pushing /);
  assert.deepEqual(await registryTags(registry, r.path), []);
  assert.equal(await manifestStatus(registry, r.path, 'latest'), 404);
  assert.equal(await manifestStatus(registry, r.path, 'v1'), 404);
  const left = await cli(engine, ['ps', '-aq', '--filter', 'label=io.slipway.test-before-push']);
  assert.equal(left.stdout.trim(), '', 'the test container was removed');
});

test('a stage test builds the named stage with the same context and arguments and runs it; a failing stage pushes nothing', async () => {
  const dockerfile = [
    'FROM local/busybox AS app',
    'ARG SOURCE_BRANCH',
    'RUN echo "app of $SOURCE_BRANCH" > /greeting',
    'FROM app AS checks',
    'COPY expected.txt /expected.txt',
    'CMD ["sh", "-c", "echo stage-cmd-ran && test \\"$(cat /greeting)\\" = \\"$(cat /expected.txt)\\""]',
    'FROM app',
    '',
  ].join('\n');
  const passing = await buildWith('tbp/stage', { Dockerfile: dockerfile, 'expected.txt': 'app of main\n' }, { test: { kind: 'stage', stage: 'checks' } });
  assert.equal(passing.build.status, 'succeeded', passing.log);
  assert.ok(stepLines(passing.log, 'Test before push: stage checks').includes('stage-cmd-ran'), passing.log);
  assert.deepEqual(await registryTags(registry, passing.path), ['latest']);
  const failing = await buildWith('tbp/stage-fail', { Dockerfile: dockerfile, 'expected.txt': 'something else\n' }, { test: { kind: 'stage', stage: 'checks', command: 'cat /expected.txt; exit 9' } });
  assert.equal(failing.build.status, 'failed', failing.log);
  assert.ok(stepLines(failing.log, 'Test before push: stage checks: cat /expected.txt; exit 9').includes('something else'), failing.log);
  assert.match(failing.build.error?.message ?? '', /exited with 9/);
  assert.deepEqual(await registryTags(registry, failing.path), []);
  const left = await cli(engine, ['images', '-q', 'slipway-before-push/*']);
  assert.equal(left.stdout.trim(), '', 'the stage images built for the tests are removed');
});

test('docker-compose.test.yml: a sut on the image under test that exits non-zero pushes nothing; a sut built from the repository that exits 0 pushes', async () => {
  const failing = await buildWith('tbp/compose-fail', {
    'app/Dockerfile': appDockerfile,
    'app/docker-compose.test.yml': 'services:\n  sut:\n    image: ${IMAGE_NAME}\n    command: sh -c "cat /greeting; exit 4"\n',
  }, { contextDir: '/app', test: { kind: 'compose' } });
  assert.equal(failing.build.status, 'failed', failing.log);
  assert.ok(stepLines(failing.log, 'Test before push: sut in app/docker-compose.test.yml: sh -c cat /greeting; exit 4').includes('built-by-slipway'), failing.log);
  assert.match(failing.build.error?.message ?? '', /exited with 4/);
  assert.deepEqual(await registryTags(registry, failing.path), []);

  const passing = await buildWith('tbp/compose-pass', {
    'app/Dockerfile': appDockerfile,
    'app/tests/Dockerfile': 'ARG IMAGE_NAME\nFROM ${IMAGE_NAME}\nCOPY check.sh /check.sh\n',
    'app/tests/check.sh': 'test "$(cat /greeting)" = built-by-slipway && echo "sut saw $WHO on $SOURCE_BRANCH"\n',
    'app/docker-compose.test.yml': ['version: "3"', 'services:', '  sut:', '    build:', '      context: ./tests', '    command: sh /check.sh', '    environment:', '      WHO: the-sut', ''].join('\n'),
  }, { contextDir: '/app', test: { kind: 'compose' } });
  assert.equal(passing.build.status, 'succeeded', passing.log);
  assert.ok(stepLines(passing.log, 'Test before push: sut in app/docker-compose.test.yml: sh /check.sh').includes('sut saw the-sut on main'), passing.log);
  assert.deepEqual(await registryTags(registry, passing.path), ['latest']);
});

test('a compose file the simple case cannot run fails the build before anything is pushed, naming the file and the key', async () => {
  const r = await buildWith('tbp/compose-deps', {
    Dockerfile: appDockerfile,
    'docker-compose.test.yml': 'services:\n  db:\n    image: postgres\n  sut:\n    image: ${IMAGE_NAME}\n    depends_on: [db]\n    command: ./test.sh\n',
  }, { test: { kind: 'compose' } });
  assert.equal(r.build.status, 'failed', r.log);
  assert.equal(r.build.error?.message, '"docker-compose.test.yml": the sut service’s key "depends_on" is not supported.');
  assert.deepEqual(await registryTags(registry, r.path), []);
});

test('canceling a build during its test stops and removes the test container at once', async () => {
  let canceledAt = 0;
  const r = await buildWith('tbp/cancel', { Dockerfile: appDockerfile }, { test: { kind: 'command', command: 'echo test-started; sleep 120' } }, async (build) => {
    await until('the test runs', async () => {
      const log = (await call<{ lines: string[] }>(core, 'builds:log', { id: build.id, limit: 100_000 })).lines;
      return log.some((l) => l.endsWith(' test-started'));
    }, 120_000);
    canceledAt = Date.now();
    await call(core, 'builds:cancel', { id: build.id });
  });
  assert.equal(r.build.status, 'canceled', r.log);
  const took = Date.parse(r.build.finishedAt ?? '') - canceledAt;
  assert.ok(took < 5000, `the build ended ${took} ms after the cancel`);
  const left = await cli(engine, ['ps', '-aq', '--filter', 'label=io.slipway.test-before-push']);
  assert.equal(left.stdout.trim(), '', 'the test container was removed');
  assert.deepEqual(await registryTags(registry, r.path), []);
});

test('with several platforms each platform’s image is tested, and a test failing on the last platform leaves even the first unpushed', async () => {
  enableArm64Emulation();
  const user = registry.users[0]!;
  const client = new RegistryClient({ host: registry.host, insecure: true }, { username: user.username, secret: user.password });
  await pushMultiArchBase(client, 'base/tested', '1');
  const files = { Dockerfile: `FROM ${registry.host}/base/tested:1\nRUN uname -m > /arch\n` };
  const architectures = ['linux/amd64', 'linux/arm64'];
  const command = 'echo "running on $(uname -m)"; test "$(cat /arch)" = "$(uname -m)"';
  const passing = await buildWith('tbp/multi', files, { architectures, tags: [{ template: 'multi' }], test: { kind: 'command', command } });
  assert.equal(passing.build.status, 'succeeded', passing.log);
  assert.ok(stepLines(passing.log, `Test before push: ${command} (linux/amd64)`).includes('running on x86_64'), passing.log);
  assert.ok(stepLines(passing.log, `Test before push: ${command} (linux/arm64)`).includes('running on aarch64'), passing.log);
  const top = await client.getManifest(passing.path, 'multi');
  assert.equal(top.digest, passing.build.tags[0]?.digest);
  assert.deepEqual((top.manifest.manifests ?? []).map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort(), architectures);

  const failing = await buildWith('tbp/multi-fail', files, { architectures, tags: [{ template: 'multi' }], test: { kind: 'command', command: 'test "$(uname -m)" = x86_64' } });
  assert.equal(failing.build.status, 'failed', failing.log);
  assert.match(failing.build.error?.message ?? '', /\(linux\/arm64\) exited with 1/);
  assert.deepEqual(await registryTags(registry, failing.path), [], 'the amd64 image, tested fine, was not pushed either');
  const held = await cli(engine, ['images', '-q', 'slipway-held/*']);
  assert.equal(held.stdout.trim(), '', 'the images held for the push are removed');
});

test('a test container left running by a killed Slipway is removed when Slipway starts again', async () => {
  const dataDir = tempDir();
  const env = { DOCKER_HOST: engine.host, DOCKER_CONFIG: dataDir };
  const app = await startHeadless(dataDir, env);
  const cloneUrl = git.createRepo('tbp/killed');
  git.commit('tbp/killed', 'main', { Dockerfile: appDockerfile });
  const reg = await hostCall<{ id: string }>(app, 'registries:create', { name: 'local', endpoint: registry.host, insecure: true, username: registry.users[0]?.username ?? '', password: registry.users[0]?.password ?? '' });
  const ns = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: reg.id, name: 'team' });
  const repo = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: ns.id, name: 'killed' });
  await hostCall(app, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'tbp/killed', cloneUrl } });
  const saved = await hostCall<{ id: string }>(app, 'rules:save', { repositoryId: repo.id, spec: rule({ test: { kind: 'command', command: 'echo test-started; sleep 600' } }) });
  const started = await hostCall<Build>(app, 'builds:start', { ruleId: saved.id });
  const running = async () => (await cli(engine, ['ps', '-q', '--filter', `label=io.slipway.test-before-push=${started.id}`])).stdout.trim();
  await until('the test container runs', async () => (await running()) !== '', 120_000);
  await app.stop('SIGKILL');
  assert.notEqual(await running(), '', 'the container outlived Slipway');
  const again = await startHeadless(dataDir, env);
  try {
    await until('the container is gone', async () => (await running()) === '', 15_000);
    const { build } = await hostCall<{ build: Build }>(again, 'builds:get', { id: started.id });
    assert.equal(build.status, 'interrupted');
  } finally {
    await again.stop();
  }
  assert.deepEqual(await registryTags(registry, 'team/killed'), []);
});
