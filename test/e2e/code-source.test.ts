import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startHeadless, type HeadlessApp } from '../support/headless';
import { startGitHubEmulator, type GitHubEmulator } from '../support/providers/github';
import { tempDir } from '../support/temp';
import { databaseBytes } from '../integration/sources/helpers';
import { makeServerCertificate } from '../support/certs';
import { startGitLabEmulator } from '../support/providers/gitlab';

// The whole GitHub binding as a user does it: the app opens the provider's authorize page in a new
// tab, the user clicks Authorize, the row says Bound as <login>. Forged and second callbacks are refused.
let browser: Browser;
let context: BrowserContext;
let app: HeadlessApp;
let github: GitHubEmulator;
const dataDir = tempDir();

before(async () => {
  github = await startGitHubEmulator({ clientId: 'Iv1.e2eclient', clientSecret: 'e2e-client-secret-777' });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  app = await startHeadless(dataDir, {
    SLIPWAY_GITHUB_URL: github.url,
    SLIPWAY_GITHUB_CLIENT_ID: 'Iv1.e2eclient',
    SLIPWAY_GITHUB_CLIENT_SECRET: 'e2e-client-secret-777',
  });
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await github?.close();
});

async function call(channel: string, input: unknown): Promise<{ id: string }> {
  const res = await fetch(`${app.origin}/api/call/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; result: { id: string } };
  assert.ok(body.ok, `${channel}: ${JSON.stringify(body)}`);
  return body.result;
}

let page: Page;

test('Bind Account → authorize page in a new tab → Authorize → Bound as octocat; forged and second callbacks refused', async () => {
  page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('heading', { level: 1, name: 'Code Source' }).waitFor();
  const row = page.getByRole('row', { name: /GitHub/ });
  const popupPromise = context.waitForEvent('page');
  await row.getByRole('button', { name: 'Bind Account' }).click();
  const authorize = await popupPromise;
  await authorize.waitForLoadState();
  await authorize.getByRole('heading', { name: 'Authorize Slipway' }).waitFor();
  const authorizeUrl = new URL(authorize.url());
  assert.equal(authorizeUrl.origin, github.url);
  assert.equal(authorize.url().includes('e2e-client-secret-777'), false);
  await page.getByText('Waiting for you to authorize Slipway on GitHub').waitFor();

  // A page (or another program) that forges the callback with another state is refused; the real flow goes on.
  const callback = authorizeUrl.searchParams.get('redirect_uri') ?? '';
  const forged = await context.newPage();
  const forgedResponse = await forged.goto(`${callback}?code=forged&state=wrong-state`);
  assert.equal(forgedResponse?.status(), 400);
  await forged.getByText('does not belong to the sign-in Slipway started').waitFor();

  await authorize.getByRole('button', { name: 'Authorize' }).click();
  await authorize.getByText('You can return to Slipway').waitFor();
  assert.match((await authorize.textContent('body')) ?? '', /GitHub is bound as octocat/);
  const landedAt = authorize.url();

  await row.getByText('Bound as octocat').waitFor();
  await page.getByText('GitHub is bound as octocat.').waitFor();
  assert.equal(await page.getByText('Waiting for you to authorize').count(), 0);

  // The listener took its one callback and closed: a replay meets a closed port.
  await assert.rejects(forged.goto(landedAt), /ERR_CONNECTION_REFUSED/);
  await forged.close();
  await authorize.close();
});

test('the image repository binds a code repository through the picker', async () => {
  const registry = await call('registries:create', { name: 'Local', endpoint: 'localhost:5000', insecure: true, username: '' });
  const namespace = await call('namespaces:create', { registryId: registry.id, name: 'acme' });
  await call('repositories:create', { namespaceId: namespace.id, name: 'web' });
  // Made through the API: load the app again so the catalog reads them.
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Control+3');
  await page.getByRole('link', { name: 'localhost:5000/acme/web' }).click();
  await page.getByRole('heading', { level: 1, name: 'web' }).waitFor();
  await page.getByRole('button', { name: 'Bind code repository' }).click();
  const picker = page.getByRole('group', { name: 'Choose a code repository' });
  await picker.getByLabel('Owner').selectOption({ label: 'acme' });
  await picker.getByLabel('Search repositories').fill('web');
  await picker.getByRole('radio', { name: 'acme/web-app' }).check();
  await picker.getByTestId('refs-preview').getByText(/Branches: main, develop/).waitFor();
  await picker.getByText('Tags: v1.0.0, v1.1.0, v2.0.0').waitFor();
  await picker.getByRole('button', { name: 'Bind code repository' }).click();
  const bound = page.getByTestId('code-repository');
  await bound.getByRole('link', { name: 'acme/web-app' }).waitFor();
  assert.match((await bound.textContent()) ?? '', /GitHub/);

  // The rule playground can try the repository's real branches and tags.
  await page.getByRole('button', { name: 'Use the branches and tags of acme/web-app' }).click();
  await page.getByTestId('plan-branch-feature/f40').waitFor();
  await page.getByTestId('plan-tag-v2.0.0').waitFor();

  // Many repositories page in: 45 of the user's own, 30 at a time.
  await page.getByRole('button', { name: 'Change' }).click();
  await picker.getByLabel('Owner').selectOption({ label: 'octocat' });
  await picker.getByRole('radio', { name: 'octocat/project-030' }).waitFor();
  assert.equal(await picker.getByRole('radio').count(), 30);
  await picker.getByRole('button', { name: 'Load more repositories' }).click();
  await picker.getByRole('radio', { name: 'octocat/project-045' }).waitFor();
  await picker.getByRole('button', { name: 'Cancel' }).click();
});

test('the token never reaches the renderer, the log, a URL or the database in plain text; unbind revokes it', async () => {
  const [token] = [...github.tokens.keys()];
  assert.ok(token);
  assert.equal((await page.content()).includes(token), false);
  assert.equal(app.output().includes(token), false);
  assert.equal(app.output().includes('e2e-client-secret-777'), false);
  assert.equal(github.seen.some((r) => r.url.includes(token)), false);
  assert.equal(databaseBytes(dataDir).includes(token), false);

  await page.keyboard.press('Control+1');
  const row = page.getByRole('row', { name: /GitHub/ });
  await row.getByText('Bound as octocat').waitFor();
  await page.screenshot({ path: 'assets/screenshots/code-source.png' });
  await row.getByRole('button', { name: 'Unbind octocat on GitHub' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Unbind' }).click();
  await page.getByText(/unbound\. The authorization was revoked/).waitFor();
  await row.getByText('Not bound').waitFor();
  assert.deepEqual(github.revokedGrants, [token]);
});

test('GitLab in the browser: a repository URL and a missing CA are explained; with the CA it binds and shows the expiry', async () => {
  const ca = makeServerCertificate(tempDir());
  const expires = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const gitlab = await startGitLabEmulator({ tokens: [{ token: 'glpat-e2e-secret-token-123', scopes: ['api'], expiresAt: expires }], tls: { certPath: ca.certPath, keyPath: ca.keyPath } });
  try {
    const row = page.getByRole('row', { name: /GitLab/ });
    await row.getByRole('button', { name: 'Bind Account' }).click();
    const form = page.getByRole('form', { name: 'Bind a GitLab account' });
    await form.getByLabel('GitLab address').fill(`${gitlab.url}/platform/website`);
    await form.getByLabel('GitLab username').fill('alice');
    await form.getByLabel('Personal access token').fill('glpat-e2e-secret-token-123');
    await form.getByRole('button', { name: 'Bind GitLab' }).click();
    await form.getByText(/looks like a repository or group address.*Enter only the instance/).waitFor();

    await form.getByLabel('GitLab address').fill(gitlab.url);
    await form.getByRole('button', { name: 'Bind GitLab' }).click();
    await form.getByText(/securely/).waitFor();
    await form.getByText(/CA certificate \(PEM\)/).first().waitFor();

    await form.getByLabel('CA certificate (PEM, optional)').fill(ca.caPem);
    await form.getByRole('button', { name: 'Bind GitLab' }).click();
    await row.getByText('Bound as alice').waitFor();
    await row.getByText(/The token expires in 3 days/).waitFor();
    assert.equal((await page.content()).includes('glpat-e2e-secret-token-123'), false);
    assert.equal(app.output().includes('glpat-e2e-secret-token-123'), false);
    assert.equal(databaseBytes(dataDir).includes('glpat-e2e-secret-token-123'), false);
  } finally {
    await gitlab.close();
  }
});

test('in a Chinese browser the Code Source page, its bindings and the GitLab form’s refusals are in Chinese', async () => {
  const chinese = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN' });
  try {
    const zh = await chinese.newPage();
    await zh.goto(app.url);
    await zh.getByRole('heading', { level: 1, name: '代码源' }).waitFor();
    const row = zh.getByRole('row', { name: /GitLab/ });
    await row.getByText('已绑定：alice').waitFor();
    await row.getByText(/令牌将在 3 天后过期/).waitFor();
    await row.getByRole('button', { name: '绑定账号' }).click();
    const form = zh.getByRole('form', { name: '绑定 GitLab 账号' });
    await form.getByLabel('GitLab 地址').fill('https://gitlab.example.com/platform/website');
    await form.getByRole('button', { name: '绑定 GitLab' }).click();
    // Checked in the page: the empty fields are refused before anything is sent.
    await form.getByText('请输入你的 GitLab 用户名。').waitFor();
    await form.getByLabel('GitLab 用户名').fill('alice');
    await form.getByLabel('个人访问令牌').fill('glpat-not-sent-anywhere');
    await form.getByRole('button', { name: '绑定 GitLab' }).click();
    // Refused by main, worded here: the field's own words beside it, with the hint.
    await form.getByText(/看起来是代码仓库或群组的地址.*只需输入实例地址/).waitFor();
  } finally {
    await chinese.close();
  }
});
