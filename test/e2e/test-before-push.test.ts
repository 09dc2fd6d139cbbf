import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { BuildRule } from '../../src/shared/models/rule';
import { launchBrowser } from '../support/browser';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { tempDir } from '../support/temp';

let browser: Browser;
let app: HeadlessApp;

before(async () => {
  browser = await launchBrowser();
  app = await startHeadless(tempDir());
});
after(async () => {
  await app?.stop();
  await browser?.close();
});

test('the rule editor sets, changes and removes a rule’s test before push', async () => {
  // Nothing builds here: the registry only has to exist in the catalog.
  const registry = await hostCall<{ id: string }>(app, 'registries:create', { name: 'Local', endpoint: 'localhost:5000', insecure: true });
  const namespace = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: registry.id, name: 'acme' });
  const repository = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: namespace.id, name: 'tested' });
  await hostCall(app, 'rules:save', { repositoryId: repository.id, spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [] } });
  const saved = async () => (await hostCall<BuildRule[]>(app, 'rules:list', { repositoryId: repository.id }))[0]?.spec.test;

  const page: Page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(app.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repository.id);
  const edit = async () => {
    await page.getByRole('table', { name: 'Build rules' }).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit build rule' }).waitFor();
  };
  const save = async () => {
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('heading', { name: 'Edit build rule' }).waitFor({ state: 'detached' });
  };

  await edit();
  await page.getByLabel('Test', { exact: true }).selectOption('command');
  await page.getByRole('button', { name: 'Save rule' }).click();
  await page.getByText('Enter the command to run in the built image').waitFor();
  assert.equal(await saved(), undefined, 'a rule with an empty test command is not saved');
  await page.getByLabel('Command', { exact: true }).fill('./run-tests.sh --fast');
  await save();
  assert.deepEqual(await saved(), { kind: 'command', command: './run-tests.sh --fast' });

  await edit();
  assert.equal(await page.getByLabel('Command', { exact: true }).inputValue(), './run-tests.sh --fast');
  await page.getByLabel('Test', { exact: true }).selectOption('stage');
  await page.getByLabel('Stage').fill('checks');
  await save();
  assert.deepEqual(await saved(), { kind: 'stage', stage: 'checks', command: './run-tests.sh --fast' }, 'the command typed before is kept');

  await edit();
  await page.getByLabel('Test', { exact: true }).selectOption('compose');
  await page.getByText('Reads docker-compose.test.yml beside the Dockerfile').waitFor();
  await save();
  assert.deepEqual(await saved(), { kind: 'compose' });

  await edit();
  await page.getByLabel('Test', { exact: true }).selectOption('none');
  await save();
  assert.equal(await saved(), undefined);
  await page.close();
});
