import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { ImageRepository } from '../../../src/shared/models/repository';
import type { BuildRule } from '../../../src/shared/models/rule';
import { call, imageRepositoryFor, rule } from '../../support/build-fixture';
import { testCore } from '../../support/core';
import { testEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { startPodmanService, type PodmanService } from '../../support/podman-service';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';

let core: Core;
let registry: RunningRegistry;
let git: GitServer;
let podman: PodmanService;

before(async () => {
  const local = await testEngine();
  [registry, git, podman] = await Promise.all([startRegistry({ auth: 'htpasswd' }), startGitServer(), startPodmanService()]);
  const dir = tempDir();
  core = testCore(dir, { DOCKER_CONFIG: dir, DOCKER_HOST: local.host });
});
after(async () => {
  core?.close();
  await podman?.stop();
  await registry?.stop();
  await git?.stop();
});

test('a rule with secret build parameters on a Podman-only pool is refused before anything starts, saying why', async () => {
  const builder = await call<{ id: string }>(core, 'builders:create', { name: 'podman', endpoint: podman.endpoint });
  const made = await imageRepositoryFor(core, registry, git, 'acme/podman-secret');
  const repo = await call<ImageRepository>(core, 'repositories:update', { id: made.id, builderPool: [builder.id] });
  const commit = git.commit('acme/podman-secret', 'main', { Dockerfile: 'FROM local/busybox\nRUN --mount=type=secret,id=TOKEN true\n' });
  const r = await call<BuildRule>(core, 'rules:save', { repositoryId: repo.id, spec: rule({ buildArgs: [{ key: 'TOKEN', value: 'never-sent', secret: true }] }) });
  const queued = await core.builds.enqueue({ repositoryId: repo.id, ruleId: r.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'push' });
  assert.ok(queued);
  const done = await core.builds.settled(queued.id);
  assert.equal(done.status, 'failed');
  assert.equal(done.startedAt, null, 'refused up front: it never started');
  assert.deepEqual(done.placements, []);
  assert.match(done.error?.message ?? '', /secret build parameters, which need a BuildKit session, and "podman" cannot open one/);
  const log = (await call<{ lines: string[] }>(core, 'builds:log', { id: done.id, limit: 100 })).lines.join('\n');
  assert.match(log, /^ERROR: .*BuildKit session/m);
  assert.equal(log.includes('never-sent'), false);
});
