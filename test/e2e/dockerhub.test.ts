import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BuildRule } from '../../src/shared/models/rule';
import { launchBrowser } from '../support/browser';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { tempDir } from '../support/temp';

let browser: Browser;
let app: HeadlessApp;
let namespaceId: string;

before(async () => {
  browser = await launchBrowser();
  app = await startHeadless(tempDir());
  // Nothing here builds or pushes: the registry only has to exist in the catalog.
  const registry = await hostCall<{ id: string }>(app, 'registries:create', { name: 'Local', endpoint: 'localhost:5000', insecure: true });
  namespaceId = (await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: registry.id, name: 'acme' })).id;
});
after(async () => {
  await app?.stop();
  await browser?.close();
});

async function openRepository(name: string, context?: BrowserContext): Promise<{ page: Page; repositoryId: string }> {
  const repository = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId, name });
  const page = await (context ?? browser).newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(app.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repository.id);
  await page.getByRole('heading', { name: 'Build rules' }).waitFor();
  return { page, repositoryId: repository.id };
}

const rules = (repositoryId: string) => hostCall<BuildRule[]>(app, 'rules:list', { repositoryId });

// As copied from Docker Hub's build settings page: tab-separated cells, here under a header row.
const table = [
  'Source Type\tSource\tDocker Tag\tDockerfile location\tBuild Context',
  'Branch\tmain\tlatest\tDockerfile\t/',
  'Tag\t/^v([0-9.]+)$/\t{\\1}\tDockerfile\t/',
  'Pull request\tfeature\tpr\tDockerfile\t/',
].join('\n');

test('pasted Docker Hub rules are previewed, tried in the playground, and saved only on Add', async () => {
  const { page, repositoryId } = await openRepository('hub-import');
  await page.getByRole('button', { name: 'Import from Docker Hub' }).click();
  await page.getByLabel('Paste the rows of your Docker Hub Build Rules table, or its JSON').fill(table);

  const preview = page.getByRole('table', { name: 'Imported rules' });
  await preview.waitFor();
  assert.equal(await preview.locator('tbody tr').count(), 2);
  assert.match((await preview.locator('tbody tr').nth(1).textContent()) ?? '', /Tag\^v\(\[0-9\.\]\+\)\$regex\$\{1\}/);
  await page.getByRole('list', { name: 'Lines not imported' }).getByText('Line 4: the source type is "Pull request"').waitFor();
  // The playground runs the imported rules against its example refs before anything exists.
  await page.getByTestId('plan-tag-v2.0.0').getByText('Imported, line 3').waitFor();
  assert.equal(await page.getByTestId('plan-tag-v2.0.0').locator('.tag-chip').textContent(), '2.0.0');
  assert.deepEqual(await rules(repositoryId), []);

  await page.getByRole('button', { name: 'Add 2 rules' }).click();
  const list = page.getByRole('table', { name: 'Build rules' });
  await list.getByText('^v([0-9.]+)$').waitFor();
  await list.getByText('main', { exact: true }).waitFor();
  assert.equal(await page.getByRole('table', { name: 'Imported rules' }).count(), 0);
  const saved = await rules(repositoryId);
  assert.deepEqual(
    saved.map((r) => [r.spec.type, r.spec.source, r.spec.tags.map((t) => t.template)]),
    [
      ['branch', 'main', ['latest']],
      ['tag', '^v([0-9.]+)$', ['${1}']],
    ],
  );

  // The editor reads the rule back in Docker Hub's notation and keeps its per-rule toggles.
  await list.getByRole('row').nth(2).getByRole('button', { name: 'Edit' }).click();
  assert.equal(await page.getByTestId('docker-hub-notation').locator('code').first().textContent(), 'Tag /^v([0-9.]+)$/ → {\\1}');
  await page.getByLabel('Build on push (Autobuild)').uncheck();
  await page.getByLabel('Use the build cache').uncheck();
  await page.getByRole('button', { name: 'Save rule' }).click();
  await page.getByRole('heading', { name: 'Edit build rule' }).waitFor({ state: 'detached' });
  const edited = (await rules(repositoryId))[1];
  assert.deepEqual([edited?.spec.autobuild, edited?.spec.buildCache], [false, false]);
  await page.close();
});

test('a rule refused part-way through Add is named, the text stays, and Add again does not repeat the saved ones', async () => {
  const { page, repositoryId } = await openRepository('hub-partial');
  await page.getByRole('button', { name: 'Import from Docker Hub' }).click();
  const text = page.getByLabel('Paste the rows of your Docker Hub Build Rules table, or its JSON');
  const pasted = 'Branch\tmain\tlatest\tDockerfile\t/\nBranch\tdev\tbad tag!\tDockerfile\t/';
  await text.fill(pasted);
  await page.getByRole('table', { name: 'Imported rules' }).getByText('cannot appear in a Docker tag').waitFor();

  await page.getByRole('button', { name: 'Add 2 rules' }).click();
  await page.getByRole('alert').getByText('The rule from line 2 was not added').waitFor();
  await page.getByText('1 rule was added before it').waitFor();
  assert.equal(await text.inputValue(), pasted);
  assert.deepEqual((await rules(repositoryId)).map((r) => r.spec.source), ['main']);

  await text.fill(pasted.replace('bad tag!', 'edge'));
  await page.getByRole('button', { name: 'Add 1 rule' }).click();
  await page.getByRole('table', { name: 'Build rules' }).getByText('dev', { exact: true }).waitFor();
  assert.deepEqual((await rules(repositoryId)).map((r) => r.spec.source), ['main', 'dev']);
  await page.close();
});

test('the repository exports as a GitHub Actions workflow to copy or download, and as a bake file', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page, repositoryId } = await openRepository('hub-export', context);
  await hostCall(app, 'rules:save', { repositoryId, spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [] } });

  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByRole('button', { name: 'GitHub Actions workflow' }).click();
  const shown = page.getByTestId('export-text');
  await shown.getByText('docker/build-push-action', { exact: false }).first().waitFor();
  const workflow = (await shown.textContent()) ?? '';

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(download.suggestedFilename(), 'build-hub-export.yml');
  assert.equal(await readFile(await download.path(), 'utf8'), workflow);

  await page.getByRole('button', { name: 'Copy' }).click();
  await page.getByRole('status').getByText('Copied').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), workflow);

  await page.getByRole('button', { name: 'docker-bake.hcl' }).click();
  await page.locator('.export-actions code', { hasText: 'docker-bake.hcl' }).waitFor();
  assert.match((await shown.textContent()) ?? '', /target\s+"/);
  await context.close();
});
