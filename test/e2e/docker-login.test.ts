import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { cli, testEngine, type TestEngine } from '../support/engine';
import { startHeadless, type HeadlessApp } from '../support/headless';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { tempDir } from '../support/temp';

let browser: Browser;
let app: HeadlessApp;
let registry: RunningRegistry;
let engine: TestEngine;
const home = tempDir();
const dockerConfig = join(home, '.docker');

before(async () => {
  mkdirSync(dockerConfig);
  [browser, registry, engine] = await Promise.all([launchBrowser(), startRegistry({ auth: 'htpasswd' }), testEngine()]);
  app = await startHeadless(tempDir(), { HOME: home, DOCKER_CONFIG: dockerConfig, DOCKER_HOST: engine.host, REGISTRY_AUTH_FILE: join(home, 'auth.json') });
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await registry?.stop();
});

test('"Log in local Docker" from the registry row: docker can log in with it, the login is listed as working, "Log out" removes it', async () => {
  const user = registry.users[0]!;
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  await page.goto(app.url);
  // Keys pressed before the app has mounted would go nowhere.
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Control+2');
  await page.getByText('Docker is not logged in to any registry yet').waitFor();
  assert.match((await page.getByText('Your docker reads').textContent()) ?? '', new RegExp(`${dockerConfig}/config.json`));

  await page.getByRole('button', { name: 'Add registry' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Private');
  await page.getByLabel('Registry address').fill(registry.host);
  await page.getByLabel('Insecure: the registry serves plain HTTP').check();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Registry password or access token').fill(user.password);
  await page.getByRole('button', { name: 'Add registry' }).click();
  await page.getByRole('button', { name: 'Log in local Docker to Private' }).click();
  await page.getByRole('status').filter({ hasText: `Docker is logged in to ${registry.host} as ${user.username}` }).waitFor();

  const loginRow = page.getByRole('table', { name: 'Local Docker logins' }).getByRole('row', { name: new RegExp(registry.host) });
  await loginRow.getByText('Works').waitFor();
  assert.match((await loginRow.textContent()) ?? '', /in Slipway: Private/);
  assert.equal((await page.content()).includes(user.password), false, 'the page never shows the password');

  // The real docker CLI uses what Slipway wrote: `docker login` without a password reuses it.
  const reuse = await cli(engine, ['login', registry.host], { env: { DOCKER_CONFIG: dockerConfig } });
  assert.equal(reuse.code, 0, reuse.stderr);
  assert.match(reuse.stdout, /Login Succeeded/);

  await page.getByRole('button', { name: `Log docker out of ${registry.host}` }).click();
  await page.getByRole('alertdialog', { name: `Log docker out of ${registry.host}?` }).getByRole('button', { name: 'Log out' }).click();
  await page.getByText('Docker is not logged in to any registry yet').waitFor();
  // The logout's message replaces the login's: the page never says both.
  await page.getByRole('status').filter({ hasText: /logged out/i }).waitFor();
  assert.equal(await page.getByText(`Docker is logged in to ${registry.host} as ${user.username}`).count(), 0, 'the login banner is gone after Log out');
  const config = join(dockerConfig, 'config.json');
  assert.ok(existsSync(config));
  assert.deepEqual(JSON.parse(readFileSync(config, 'utf8')), { auths: {} });
  assert.equal(app.output().includes(user.password), false, 'nothing logged the password');
});
