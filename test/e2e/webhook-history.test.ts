import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { testCore } from '../support/core';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { tempDir } from '../support/temp';
import { seedDeliveryHistory, type DeliveryHistory } from '../support/webhook-history';

// Issue 15: a webhook's access history shows its 50 newest deliveries; older ones come with
// "Load older deliveries" (by keyboard), and a delivery made meanwhile still appears on top, live.

let browser: Browser;
let app: HeadlessApp;
let history: DeliveryHistory;

before(async () => {
  const dataDir = tempDir();
  const core = testCore(dataDir);
  try {
    history = await seedDeliveryHistory(core, 60);
  } finally {
    core.close();
  }
  browser = await launchBrowser();
  app = await startHeadless(dataDir, { DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}`, DOCKER_CONFIG: dataDir });
});
after(async () => {
  await app?.stop();
  await browser?.close();
});

test('the access history shows 50 deliveries, Load more shows the older ones, a new one appears on top', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Control+3');
  await page.getByRole('link', { name: 'localhost:5000/lj/demo' }).click();
  await page.getByRole('heading', { level: 1, name: 'demo' }).waitFor();
  await page.getByRole('button', { name: 'Access history of notify' }).click();

  const deliveries = page.getByTestId('webhook-delivery');
  const deliveryCount = async (n: number) => {
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="webhook-delivery"]').length === count, n, { timeout: 15_000 }).catch(async (e: unknown) => {
      throw new Error(`waiting for ${n} deliveries, saw ${await deliveries.count()}: ${String(e)}`);
    });
  };
  const tagsShown = () => deliveries.evaluateAll((items) => items.map((li) => /Tag (v\d+)/.exec(li.textContent ?? '')?.[1] ?? 'test'));

  await deliveryCount(50);
  assert.deepEqual(await tagsShown(), history.tags.slice(0, 50));

  const loadMore = page.getByRole('button', { name: 'Load older deliveries' });
  await loadMore.focus();
  await page.keyboard.press('Enter');
  await deliveryCount(60);
  assert.deepEqual(await tagsShown(), history.tags, 'the older page follows the first, nothing repeated or skipped');
  await loadMore.waitFor({ state: 'detached' });

  // A test event sent now (from outside this page) is on top without a reload.
  await hostCall(app, 'webhooks:test', { id: history.webhookId });
  await deliveryCount(61);
  assert.deepEqual(await tagsShown(), ['test', ...history.tags]);
  await page.context().close();
});
