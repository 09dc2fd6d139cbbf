import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Channel, MethodInput, MethodOutput } from '../../src/shared/contract';
import { launchBrowser } from '../support/browser';
import { startGitServer, type GitServer } from '../support/git-server';
import { startHeadless, type HeadlessApp } from '../support/headless';
import { freePort } from '../support/ports';
import { tempDir } from '../support/temp';

let browser: Browser;
let app: HeadlessApp;
let git: GitServer;

before(async () => {
  git = await startGitServer();
  browser = await launchBrowser();
  app = await startHeadless(tempDir());
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await git?.stop();
});

async function call<C extends Channel>(channel: C, input: MethodInput<C>): Promise<MethodOutput<C>> {
  const r = await fetch(`${app.origin}/api/call/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` }, body: JSON.stringify(input) });
  const body = (await r.json()) as { ok: boolean; result?: MethodOutput<C>; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.result as MethodOutput<C>;
}

test('the repository page shows the remote watcher, checks on demand and lists what happened', async () => {
  const cloneUrl = git.createRepo('acme/web');
  git.commit('acme/web', 'main', { Dockerfile: 'FROM busybox\n' });
  git.tag('acme/web', 'v1.0.0', git.commit('acme/web', 'main', { 'a.txt': 'a' }));
  const registry = await call('registries:create', { name: 'Local', endpoint: 'localhost:5000', insecure: true });
  const namespace = await call('namespaces:create', { registryId: registry.id, name: 'acme' });
  const repository = await call('repositories:create', { namespaceId: namespace.id, name: 'web', codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/web', cloneUrl } });

  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(app.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repository.id);
  await page.getByRole('heading', { name: 'Automatic builds' }).waitFor();
  const line = page.getByTestId('watch-status');
  await line.getByText('Watching remote: last checked').waitFor();

  await page.getByRole('button', { name: 'Check now' }).click();
  await line.getByText(/last checked (now|\d+ seconds? ago)/).waitFor();
  await page.getByTestId('activity').getByText(/Started watching .*recorded 1 branch and 1 tag as they are/).waitFor();
  await page.getByText('The push-hook listener is off').waitFor();

  // Settings: a listener port; back on the repository, the hook's address.
  const port = await freePort();
  await page.evaluate(() => (window.location.hash = '#/settings'));
  await page.getByRole('heading', { name: 'Automatic builds' }).waitFor();
  await page.getByLabel('Check remotes every (seconds)').fill('0');
  await page.getByLabel('Push-hook listener port').fill(String(port));
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('Check every 1 to 3600 seconds.').waitFor();
  await page.getByLabel('Check remotes every (seconds)').fill('20');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText('Saved').waitFor();
  assert.equal((await call('settings:get', {})).watchIntervalSeconds, 20);
  await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repository.id);
  assert.equal(await page.getByTestId('hook-url').textContent(), `http://127.0.0.1:${port}/hooks/${repository.id}`);

  await page.getByLabel('Hook secret').fill('too-short');
  await page.getByRole('button', { name: 'Save secret' }).click();
  await page.getByText('Use at least 16 characters').waitFor();
  await page.getByLabel('Hook secret').fill('a-properly-long-hook-secret');
  await page.getByRole('button', { name: 'Save secret' }).click();
  await page.getByRole('button', { name: 'Remove hook' }).waitFor();
  assert.equal((await page.content()).includes('a-properly-long-hook-secret'), false);
  assert.equal(app.output().includes('a-properly-long-hook-secret'), false);

  // A rule with path filters: a bad glob is caught as it is typed; the filters are saved.
  await page.getByRole('button', { name: 'Add build rule' }).click();
  await page.getByLabel('Branch/Tag').fill('main');
  await page.getByLabel('Ignore changes to').fill('docs/**\n../secrets');
  await page.getByText('The path pattern “../secrets” leaves the repository').waitFor();
  await page.getByLabel('Ignore changes to').fill('docs/**\n*.md');
  await page.getByLabel('Build only when these change').fill('src/**');
  await page.getByRole('button', { name: 'Save rule' }).click();
  await page.getByRole('table', { name: 'Build rules' }).getByText('main').waitFor();
  const [rule] = await call('rules:list', { repositoryId: repository.id });
  assert.deepEqual([rule?.spec.includedPaths, rule?.spec.ignoredPaths], [['src/**'], ['docs/**', '*.md']]);

  // Automatic builds off: the watcher says why it is not watching.
  await page.getByLabel('Automatically build images when code changes').click();
  await line.getByText('Automatic builds are off for this repository.').waitFor();
  await page.close();
});
