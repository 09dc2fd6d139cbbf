import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { tempDir } from '../support/temp';
import { until } from '../support/triggers';

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

async function openSettings(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Startup and updates' }).waitFor();
  return page;
}

test('the headless host says plainly why updates are not offered, and shows no desktop-only controls', async () => {
  const page = await openSettings();
  const reason = page.getByTestId('update-unsupported');
  await reason.waitFor();
  assert.match((await reason.textContent()) ?? '', /Updates come with npm and git here/);
  assert.equal(await page.getByRole('button', { name: 'Check now' }).count(), 0);
  // Starting at login is the desktop app's business.
  assert.equal(await page.getByLabel('Open Slipway when I log in').count(), 0);
  await page.context().close();
});

test('pausing automatic builds shows on the Builds page until Resume, and survives a reload', async () => {
  const page = await openSettings();
  const pause = page.getByRole('switch', { name: 'Pause automatic builds' });
  assert.equal(await pause.isChecked(), false);
  await pause.click();
  await until('the pause is stored', async () => (await hostCall<{ pauseAutomaticBuilds: boolean }>(app, 'settings:get', {})).pauseAutomaticBuilds);
  await page.getByRole('switch', { name: 'Pause automatic builds', checked: true }).waitFor();

  await page.reload();
  await page.getByRole('heading', { name: 'Startup and updates' }).waitFor();
  await page.getByRole('switch', { name: 'Pause automatic builds', checked: true }).waitFor();

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Builds' }).click();
  const notice = page.getByTestId('paused-notice');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /Automatic builds are paused/);
  await notice.getByRole('button', { name: 'Resume' }).click();
  await notice.waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal((await hostCall<{ pauseAutomaticBuilds: boolean }>(app, 'settings:get', {})).pauseAutomaticBuilds, false);
  await page.context().close();
});

test('an invalid feed URL is refused next to its field and what was typed stays', async () => {
  const page = await openSettings();
  const field = page.getByLabel('Update feed URL');
  const save = page.getByRole('button', { name: 'Use this feed' });
  await field.fill('http://updates.example.test/slipway');
  await save.click();
  await until('the field is marked invalid', async () => (await field.getAttribute('aria-invalid')) === 'true');
  // The error is the one the field points at, so it sits beside it for sight and screen readers.
  const errorId = await field.getAttribute('aria-describedby');
  assert.ok(errorId);
  const error = page.locator(`[id="${errorId}"]`);
  assert.match((await error.textContent()) ?? '', /only fetched over https/);
  assert.equal(await field.inputValue(), 'http://updates.example.test/slipway');
  assert.equal((await hostCall<{ updateFeedUrl: string }>(app, 'settings:get', {})).updateFeedUrl, '');

  // A good address is kept, and the error goes.
  await field.fill('https://updates.example.test/slipway');
  await save.click();
  await until('the mirror is stored', async () => (await hostCall<{ updateFeedUrl: string }>(app, 'settings:get', {})).updateFeedUrl === 'https://updates.example.test/slipway');
  assert.equal(await error.count(), 0);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await until('the stored mirror is shown', async () => (await page.getByLabel('Update feed URL').inputValue()) === 'https://updates.example.test/slipway');
  await page.context().close();
});
