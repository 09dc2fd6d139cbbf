import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Build } from '../../src/shared/models/build';
import type { ImageRepository } from '../../src/shared/models/repository';
import { launchBrowser } from '../support/browser';
import { ensureBusyboxImage, testEngine } from '../support/engine';
import { startGitServer, type GitServer } from '../support/git-server';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { tempDir } from '../support/temp';
import { until } from '../support/triggers';

let browser: Browser;
let app: HeadlessApp;
let registry: RunningRegistry;
let git: GitServer;

before(async () => {
  const engine = await testEngine();
  [browser, registry, git] = await Promise.all([launchBrowser(), startRegistry(), startGitServer(), ensureBusyboxImage(engine)]);
  const dataDir = tempDir();
  app = await startHeadless(dataDir, { DOCKER_HOST: engine.host, DOCKER_CONFIG: dataDir });
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await registry?.stop();
  await git?.stop();
});

test('the repository picks any builder or chosen ones, and the build page says where each platform ran and why', async () => {
  const cloneUrl = git.createRepo('acme/placed');
  git.commit('acme/placed', 'main', { Dockerfile: `FROM local/busybox\nRUN echo placed-${Date.now()}\n` });
  const reg = await hostCall<{ id: string }>(app, 'registries:create', { name: 'local', endpoint: registry.host, insecure: true, username: '' });
  const ns = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: reg.id, name: 'team' });
  const repo = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: ns.id, name: 'placed' });
  await hostCall(app, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/placed', cloneUrl } });
  await hostCall(app, 'rules:save', { repositoryId: repo.id, spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'placed' }], architectures: ['linux/amd64'], buildArgs: [] } });

  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repo.id);
  const choice = page.getByRole('group', { name: 'Builder' });
  await choice.getByRole('radio', { name: 'Any builder' }).click();
  await until('the pool to be saved as any', async () => (await hostCall<ImageRepository[]>(app, 'repositories:list', {})).find((r) => r.id === repo.id)?.builderPool === 'any');
  // The page shows the saved choice before the next click: a click on the radio that still looks chosen changes nothing.
  await until('the page to show Any builder chosen', async () => (await choice.getByRole('radio', { name: 'Chosen builders' }).isChecked()) === false);
  await choice.getByRole('radio', { name: 'Chosen builders' }).click();
  await until('the pool to be saved as the local engine', async () => JSON.stringify((await hostCall<ImageRepository[]>(app, 'repositories:list', {})).find((r) => r.id === repo.id)?.builderPool) === '["local"]');
  // The last chosen builder cannot be unticked: a chosen set is never empty.
  const local = choice.getByRole('checkbox', { name: 'Local Docker engine' });
  await local.waitFor();
  assert.equal(await local.isDisabled(), true);

  await page.getByRole('button', { name: 'Build rule 1 now' }).click();
  await page.getByRole('heading', { level: 1, name: /Build #1/ }).waitFor();
  await page.getByTestId('build-status').filter({ hasText: 'Succeeded' }).waitFor({ timeout: 60_000 });
  const where = page.getByRole('region', { name: 'Where it ran' });
  assert.equal(((await where.textContent()) ?? '').includes('linux/amd64 on Local Docker engine: native, only builder in the pool'), true, (await where.textContent()) ?? '');
  const builds = await hostCall<Build[]>(app, 'builds:list', { repositoryId: repo.id });
  assert.equal(builds[0]?.placements[0]?.builderId, 'local');
});

test('a build waiting for a resting builder says on its page which builder it waits for and why', async () => {
  const cloneUrl = git.createRepo('acme/waiting');
  git.commit('acme/waiting', 'main', { Dockerfile: 'FROM local/busybox\nRUN true\n' });
  // Nothing listens on port 9 of loopback: the builder is refused at once and rests.
  const gone = await hostCall<{ id: string }>(app, 'builders:create', { name: 'switched-off', endpoint: 'tcp://127.0.0.1:9' });
  const reg = await hostCall<{ id: string }>(app, 'registries:create', { name: 'waiting', endpoint: registry.host, insecure: true, username: '' });
  const ns = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: reg.id, name: 'wait' });
  const repo = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: ns.id, name: 'waiting', builderPool: [gone.id] });
  await hostCall(app, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/waiting', cloneUrl } });
  const rule = await hostCall<{ id: string }>(app, 'rules:save', { repositoryId: repo.id, spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'waiting' }], architectures: ['linux/amd64'], buildArgs: [] } });
  const build = await hostCall<Build>(app, 'builds:start', { ruleId: rule.id });

  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((id) => (window.location.hash = `#/builds/${id}`), build.id);
  const waiting = page.getByTestId('waiting-builders');
  await waiting.getByText('switched-off').waitFor();
  await waiting.getByText(/Left alone after/).waitFor({ timeout: 30_000 });
  assert.equal((await hostCall<{ build: Build }>(app, 'builds:get', { id: build.id })).build.status, 'queued');
  await hostCall(app, 'builds:cancel', { id: build.id });
  await page.close();
});
