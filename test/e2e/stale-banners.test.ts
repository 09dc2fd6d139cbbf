import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { startGitHubEmulator, type GitHubEmulator } from '../support/providers/github';
import { startGitLabEmulator, type GitLabEmulator } from '../support/providers/gitlab';
import { tempDir } from '../support/temp';

// Banners that outlived what they reported (issue 12): each result now belongs to the action or
// query it came from, so a newer one replaces it.
let browser: Browser;
let context: BrowserContext;
let app: HeadlessApp;
let github: GitHubEmulator;
const gitlabs: GitLabEmulator[] = [];

before(async () => {
  github = await startGitHubEmulator({ clientId: 'Iv1.stale', clientSecret: 'stale-client-secret', hiddenOrgs: ['sealed'] });
  gitlabs.push(
    await startGitLabEmulator({ tokens: [{ token: 'glpat-first-instance-0001', scopes: ['api'] }] }),
    await startGitLabEmulator({ tokens: [{ token: 'glpat-second-instance-002', scopes: ['api'] }] }),
  );
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
  app = await startHeadless(tempDir(), { SLIPWAY_GITHUB_URL: github.url, SLIPWAY_GITHUB_CLIENT_ID: 'Iv1.stale', SLIPWAY_GITHUB_CLIENT_SECRET: 'stale-client-secret' });
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await github?.close();
  for (const g of gitlabs) await g.close();
});

async function open(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('heading', { level: 1, name: 'Code Source' }).waitFor();
  return page;
}

async function bindGitlab(page: Page, url: string, token: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Bind a GitLab account' });
  if ((await form.count()) === 0) await page.getByRole('row', { name: /GitLab/ }).getByRole('button', { name: 'Bind Account' }).click();
  await form.getByLabel('GitLab address').fill(url);
  await form.getByLabel('GitLab username').fill('alice');
  await form.getByLabel('Personal access token').fill(token);
  await form.getByRole('button', { name: 'Bind GitLab' }).click();
}

test('two GitLab bindings: each on its own line with its address and its own buttons; a refusal replaces the earlier success', async () => {
  const page = await open();
  const [first, second] = gitlabs.map((g) => new URL(g.url).host) as [string, string];
  await bindGitlab(page, gitlabs[0]!.url, 'glpat-first-instance-0001');
  await page.getByRole('status').filter({ hasText: `GitLab is bound as alice at ${first}.` }).waitFor();
  await bindGitlab(page, gitlabs[1]!.url, 'glpat-second-instance-002');
  await page.getByRole('status').filter({ hasText: `GitLab is bound as alice at ${second}.` }).waitFor();

  const bindings = page.getByRole('row', { name: /GitLab/ }).getByRole('listitem');
  assert.equal(await bindings.count(), 2);
  for (const host of [first, second]) {
    const binding = page.getByRole('listitem', { name: `alice on GitLab at ${host}` });
    await binding.getByText(`at ${host}`).waitFor();
    await binding.getByRole('button', { name: `Check alice on GitLab at ${host}` }).waitFor();
    await binding.getByRole('button', { name: `Unbind alice on GitLab at ${host}` }).waitFor();
  }
  // Check says which binding it checked.
  await page.getByRole('button', { name: `Check alice on GitLab at ${second}` }).click();
  await page.getByRole('status').filter({ hasText: `alice on GitLab at ${second}: the token works.` }).waitFor();

  // A later refusal: the earlier success message is gone, the refusal shows where the form is.
  await bindGitlab(page, gitlabs[0]!.url, 'glpat-wrong-token-000000');
  const form = page.getByRole('form', { name: 'Bind a GitLab account' });
  await form.getByRole('alert').or(form.locator('.field-error')).first().waitFor();
  assert.equal(await page.getByText(/the token works|is bound as/).count(), 0, 'no success banner above the refusal');
  await page.close();
});

test('the repository picker: a 404 for one owner goes away when an owner that loads is chosen', async () => {
  const flow = await hostCall<{ authorizeUrl: string }>(app, 'sources:bind', { provider: 'github' });
  const consent = await context.newPage();
  await consent.goto(flow.authorizeUrl);
  await consent.getByRole('button', { name: 'Authorize' }).click();
  await consent.getByText('You can return to Slipway').waitFor();
  await consent.close();
  const registry = await hostCall<{ id: string }>(app, 'registries:create', { name: 'Local', endpoint: 'localhost:5000', insecure: true, username: '' });
  const namespace = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: registry.id, name: 'acme' });
  const repository = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: namespace.id, name: 'web' });

  const page = await open();
  await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), repository.id);
  await page.getByRole('button', { name: 'Bind code repository' }).click();
  const picker = page.getByRole('group', { name: 'Choose a code repository' });
  await picker.getByLabel('Account').selectOption({ label: `GitHub — octocat (${new URL(github.url).host})` });
  await picker.getByLabel('Owner').selectOption({ label: 'sealed' });
  await picker.getByRole('alert').waitFor();
  await picker.getByLabel('Owner').selectOption({ label: 'acme' });
  await picker.getByRole('radio', { name: 'acme/web-app' }).waitFor();
  assert.equal(await picker.getByRole('alert').count(), 0, 'the 404 banner of the other owner is gone');
  await page.close();
});
