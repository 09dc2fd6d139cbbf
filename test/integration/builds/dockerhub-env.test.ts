import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { Build } from '../../../src/shared/models/build';
import type { BuildRule } from '../../../src/shared/models/rule';
import { testCore } from '../../support/core';
import { call, imageRepositoryFor, rule } from '../../support/build-fixture';
import { ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { startGitServer, type GitServer } from '../../support/git-server';
import { startRegistry, type RunningRegistry } from '../../support/registry';
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

test('a Dockerfile reads Docker Hub’s build environment with ARG; a rule parameter of the same name wins', async () => {
  const repo = await imageRepositoryFor(core, registry, git, 'hub/env');
  const names = ['SOURCE_BRANCH', 'SOURCE_COMMIT', 'COMMIT_MSG', 'DOCKER_REPO', 'DOCKERFILE_PATH', 'DOCKER_TAG', 'IMAGE_NAME', 'SLIPWAY_REF_TYPE'];
  const commit = git.commit('hub/env', 'main', {
    'app/Dockerfile': `FROM local/busybox\n${names.map((n) => `ARG ${n}`).join('\n')}\nRUN ${names.map((n) => `echo "env ${n}=$${n}"`).join(' && ')}\n`,
  });
  const saved = await call<BuildRule>(core, 'rules:save', {
    repositoryId: repo.id,
    spec: rule({ contextDir: '/app', tags: [{ template: 'edge' }, { template: 'latest' }], buildArgs: [{ key: 'DOCKER_TAG', value: 'set-by-rule', secret: false }] }),
  });
  const build = await core.builds.enqueue({ repositoryId: repo.id, ruleId: saved.id, ref: { kind: 'branch', name: 'main' }, commit, trigger: 'manual' });
  assert.ok(build);
  const done = await until('the build ends', async () => {
    const b = (await call<{ build: Build }>(core, 'builds:get', { id: build.id })).build;
    return b.finishedAt ? b : undefined;
  }, 120_000);
  const log = (await call<{ lines: string[] }>(core, 'builds:log', { id: build.id, limit: 100_000 })).lines.join('\n');
  assert.equal(done.status, 'succeeded', log);
  const seen = new Map([...log.matchAll(/env (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]?.trim()]));
  const image = repo.reference;
  assert.equal(seen.get('SOURCE_BRANCH'), 'main');
  assert.equal(seen.get('SOURCE_COMMIT'), commit);
  assert.ok((seen.get('COMMIT_MSG') ?? '').length > 0, 'the commit message');
  assert.equal(seen.get('DOCKER_REPO'), image);
  assert.equal(seen.get('DOCKERFILE_PATH'), 'app/Dockerfile');
  assert.equal(seen.get('DOCKER_TAG'), 'set-by-rule', 'the rule’s own parameter wins');
  assert.equal(seen.get('IMAGE_NAME'), `${image}:edge`);
  assert.equal(seen.get('SLIPWAY_REF_TYPE'), 'branch');
});
