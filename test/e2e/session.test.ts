import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startHeadless } from '../support/headless';
import { tempDir } from '../support/temp';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a preference survives a restart of the host', async () => {
  const dataDir = tempDir();
  const first = await startHeadless(dataDir);
  const page = await browser.newPage();
  await page.goto(first.url);
  await page.getByRole('heading', { level: 1, name: 'Code Source' }).waitFor();
  await page.keyboard.press('Control+5');
  await page.getByLabel('Builds that may run at once').fill('6');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await first.stop();

  const second = await startHeadless(dataDir);
  assert.notEqual(second.token, first.token, 'each start has its own session token');
  await page.goto(second.url);
  await page.getByRole('heading', { level: 1, name: 'Code Source' }).waitFor();
  await page.keyboard.press('Control+5');
  await page.waitForFunction(() => (document.querySelector('input[name="concurrentBuilds"]') as HTMLInputElement | null)?.value === '6');
  await page.keyboard.press('Control+4');
  await page.getByText('up to 6 run at once').waitFor();
  await page.close();
  await second.stop();
});

test('a call without the session token is refused, and the page says how to get in', async () => {
  const app = await startHeadless(tempDir());
  const page = await browser.newPage();
  await page.goto(app.origin + '/');
  await page.getByRole('heading', { name: 'Open Slipway from its own address' }).waitFor();
  const status = await page.evaluate(async () => {
    const r = await fetch('/api/call/app:info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return { status: r.status, body: (await r.json()) as { error: { code: string } } };
  });
  assert.equal(status.status, 401);
  assert.equal(status.body.error.code, 'unauthenticated');
  // An old token from a previous start is just as useless.
  const stale = await page.evaluate(async () => {
    const r = await fetch('/api/call/app:info', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer stale' }, body: '{}' });
    return r.status;
  });
  assert.equal(stale, 401);
  assert.equal(app.output().includes('Bearer'), false);
  await page.close();
  await app.stop();
});

test('another web page cannot call the host, even knowing the port', async () => {
  const app = await startHeadless(tempDir());
  const page = await browser.newPage();
  // A page on a different origin (another loopback port) tries a call with a guessed token.
  await page.goto('data:text/html,<title>elsewhere</title>');
  const outcome = await page.evaluate(async (origin) => {
    try {
      const r = await fetch(`${origin}/api/call/settings:update`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer guess' }, body: '{"concurrentBuilds":9}' });
      return `status ${r.status}`;
    } catch {
      return 'blocked';
    }
  }, app.origin);
  assert.notEqual(outcome, 'status 200');
  await page.close();
  await app.stop();
});
