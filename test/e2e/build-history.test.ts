import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { seedBuildHistory, type BuildHistory } from '../support/build-history';
import { testCore } from '../support/core';
import { startGitServer, type GitServer } from '../support/git-server';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { tempDir } from '../support/temp';

// Issue 15: the Builds page reads the history 50 builds at a time. More come with "Load more" (by
// keyboard) or by scrolling to the end, and a build queued meanwhile still appears on top, live.

let browser: Browser;
let app: HeadlessApp;
let git: GitServer;
let history: BuildHistory;

before(async () => {
  const dataDir = tempDir();
  const core = testCore(dataDir);
  try {
    history = await seedBuildHistory(core, 120);
  } finally {
    core.close();
  }
  [browser, git] = await Promise.all([launchBrowser(), startGitServer()]);
  // No engine: the build queued below fails at once, which is all this test needs of it.
  app = await startHeadless(dataDir, { DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}`, DOCKER_CONFIG: dataDir });
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await git?.stop();
});

test('the Builds page shows 50 builds, reads on by keyboard and by scrolling, and a new build appears on top', async () => {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Control+4');
  const table = page.getByRole('table', { name: 'Builds' });
  const rows = table.locator('tbody tr');
  const rowCount = async (n: number) => {
    await page.waitForFunction((count) => document.querySelectorAll('table tbody tr').length === count, n, { timeout: 15_000 }).catch(async (e: unknown) => {
      throw new Error(`waiting for ${n} rows, saw ${await rows.count()}: ${String(e)}`);
    });
  };
  const firstLink = async () => (await rows.first().getByRole('link').first().textContent()) ?? '';

  await rowCount(50);
  assert.equal(await firstLink(), `#${history.builds[0]!.number}`);
  assert.equal(await rows.nth(49).getByRole('link').first().textContent(), `#${history.builds[49]!.number}`);

  // "Load more" is a button a keyboard reaches and presses; focus stays on it for the next press.
  const loadMore = page.getByRole('button', { name: 'Load more builds' });
  await loadMore.focus();
  await page.keyboard.press('Enter');
  await rowCount(100);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Load more builds');
  const numbers = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('a')?.textContent));
  assert.deepEqual(numbers, history.builds.slice(0, 100).map((b) => `#${b.number}`), 'the second page follows the first, nothing repeated or skipped');

  // Scrolling to the end (a mouse user, focus elsewhere) reads the last page; then the button goes.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.locator('main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
  await rowCount(120);
  await loadMore.waitFor({ state: 'detached' });

  // A build queued now (its source fails: no engine, nothing to fetch) is on top without a reload.
  const cloneUrl = git.createRepo('acme/app');
  git.commit('acme/app', 'main', { Dockerfile: 'FROM scratch\n' });
  await hostCall(app, 'repositories:update', { id: history.repositoryId, codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/app', cloneUrl } });
  const rule = await hostCall<{ id: string }>(app, 'rules:save', { repositoryId: history.repositoryId, spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [] } });
  const started = await hostCall<{ number: number }>(app, 'builds:start', { ruleId: rule.id, ref: { kind: 'branch', name: 'main' } });
  await rowCount(121);
  assert.equal(await firstLink(), `#${started.number}`);
  assert.equal(started.number, history.builds[0]!.number + 1);
  await page.context().close();
});

test('the repository page shows its 50 newest builds and reads on with Load more, in order', async () => {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((id) => (window.location.hash = `#/repositories/${id}`), history.repositoryId);
  const table = page.getByRole('table', { name: 'Builds of this repository' });
  const rowCount = async (n: number) => {
    await table.locator('tbody tr').nth(n - 1).waitFor({ timeout: 15_000 });
    assert.equal(await table.locator('tbody tr').count(), n);
  };
  await rowCount(50);
  const loadMore = page.getByRole('button', { name: 'Load more builds' });
  await loadMore.focus();
  await page.keyboard.press('Enter');
  await rowCount(100);
  const numbers = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.querySelector('a')?.textContent?.slice(1))));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'newest first across both pages');
  assert.equal(new Set(numbers).size, 100, 'nothing repeated');
  await page.context().close();
});
