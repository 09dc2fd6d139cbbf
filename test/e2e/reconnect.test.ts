import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ensureBusyboxImage, testEngine, type TestEngine } from '../support/engine';
import { startGitServer, type GitServer } from '../support/git-server';
import { createBuildableRepository } from '../support/headless-repository';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { freePort } from '../support/ports';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { tempDir } from '../support/temp';

let browser: Browser;
let registry: RunningRegistry;
let git: GitServer;
let engine: TestEngine;
const hosts: HeadlessApp[] = [];

before(async () => {
  engine = await testEngine();
  [browser, registry, git] = await Promise.all([launchBrowser(), startRegistry(), startGitServer(), ensureBusyboxImage(engine)]);
});
after(async () => {
  for (const host of hosts) await host.stop();
  await browser?.close();
  await registry?.stop();
  await git?.stop();
});

async function host(dataDir: string, port?: number): Promise<HeadlessApp> {
  const app = await startHeadless(dataDir, { DOCKER_HOST: engine.host, DOCKER_CONFIG: dataDir }, port === undefined ? {} : { port });
  hosts.push(app);
  return app;
}

/**
 * Records every WebSocket the page opens, and can hold new ones off for a while: the transport's
 * retries then fail like they would against a host that is briefly away, so events are missed.
 */
async function recordSockets(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const state = { sockets: [] as WebSocket[], blockedUntil: 0 };
    (window as unknown as { socketLab: typeof state }).socketLab = state;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        // A path the host refuses at the upgrade: the socket closes at once, as a dropped one does.
        super(Date.now() < state.blockedUntil ? String(url).replace('/api/events', '/api/elsewhere') : url, protocols);
        state.sockets.push(this);
      }
    };
  });
}

async function dropSocket(page: Page, forMs: number): Promise<void> {
  await page.evaluate((ms) => {
    const lab = (window as unknown as { socketLab: { sockets: WebSocket[]; blockedUntil: number } }).socketLab;
    lab.blockedUntil = Date.now() + ms;
    for (const s of lab.sockets) if (s.readyState === WebSocket.OPEN) s.close();
  }, forMs);
}

async function downloadedLog(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: /Log/ }).getByRole('button', { name: 'Download' }).click()]);
  return readFile((await download.path()) as string, 'utf8');
}

test('the event socket drops mid-build: the log still shows every line exactly once, and the status says it reconnected', async () => {
  const app = await host(tempDir());
  const total = 60;
  const { ruleId } = await createBuildableRepository(
    app,
    registry,
    git,
    'numbered',
    // A nonce keeps the engine's cache from answering for an earlier run.
    `FROM local/busybox\nRUN echo run-${Date.now()} && for i in $(seq 1 ${total}); do echo "line-$i"; sleep 0.12; done\n`,
  );
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  await recordSockets(page);
  await page.goto(app.url);
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  const build = await hostCall<{ id: string }>(app, 'builds:start', { ruleId });
  await page.evaluate((id) => (window.location.hash = `#/builds/${id}`), build.id);
  const log = page.locator('.log-viewer');
  await log.getByText('line-5', { exact: false }).first().waitFor({ timeout: 60_000 });

  // Away for 2.5 s while the build prints about 20 lines; then the page must catch up by itself.
  await dropSocket(page, 2_500);
  await page.getByTestId('connection').filter({ hasText: 'Reconnecting…' }).waitFor();
  await page.getByTestId('connection').filter({ hasText: 'Reconnected: data refreshed' }).waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('build-status').textContent(), 'Running', 'the drop happened while the build ran');
  // Lines keep arriving live after the reconnect, not only at the end.
  await log.getByText(`line-${total - 5}`).first().waitFor({ timeout: 60_000 });
  await page.getByTestId('build-status').filter({ hasText: 'Succeeded' }).waitFor({ timeout: 60_000 });
  await log.getByText(`line-${total}`).first().waitFor();

  const text = await downloadedLog(page);
  const seen = new Map<number, number>();
  for (const match of text.matchAll(/\bline-(\d+)\b/g)) seen.set(Number(match[1]), (seen.get(Number(match[1])) ?? 0) + 1);
  for (let i = 1; i <= total; i++) assert.equal(seen.get(i), 1, `line-${i} shown ${seen.get(i) ?? 0} times`);
  // And the page holds exactly what the host stored, no line more or less.
  const stored = await hostCall<{ lines: string[] }>(app, 'builds:log', { id: build.id, from: 0, limit: 100_000 });
  assert.equal(text.trimEnd().split('\n').length, stored.lines.length);
  await page.close();
});

test('the host restarts under an open tab: the tab says so, then the new address in the same tab brings it back without a reload', async () => {
  const dataDir = tempDir();
  const port = await freePort();
  const first = await host(dataDir, port);
  const { ruleId } = await createBuildableRepository(first, registry, git, 'restart', `FROM local/busybox\nRUN echo run-${Date.now()} && echo started && sleep 25\n`);
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  let loads = 0;
  page.on('load', () => loads++);
  await page.goto(first.url);
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  const build = await hostCall<{ id: string }>(first, 'builds:start', { ruleId });
  await page.evaluate((id) => (window.location.hash = `#/builds/${id}`), build.id);
  await page.getByTestId('build-status').filter({ hasText: 'Running' }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

  await first.stop();
  const second = await host(dataDir, port);
  assert.notEqual(second.token, first.token);
  // The old token is refused: the page says what happened and stops showing the build as running.
  await page.getByTestId('connection').filter({ hasText: 'Slipway was restarted: open the new address' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('build-status').filter({ hasText: 'Status unknown (not live)' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Cancel build' }).count(), 0, 'no cancel button for a build the page no longer follows');

  // The user pastes the newly printed address into the same tab: only the fragment differs.
  await page.goto(second.url);
  await page.getByTestId('connection').filter({ hasText: /Reconnected: data refreshed|Connected/ }).waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => (window as unknown as { marker?: string }).marker), 'same page', 'no reload happened');
  assert.equal(loads, 1);
  assert.equal(new URL(page.url()).hash, `#/builds/${build.id}`, 'the token left the address bar and the page stayed where it was');
  // Data comes from the new host: the build the old one left behind is no longer running.
  await page.getByTestId('build-status').filter({ hasText: /Interrupted|Canceled|Failed/ }).waitFor({ timeout: 30_000 });
  // And calls work with the new token: the builds page lists the build.
  await page.keyboard.press('Control+4');
  await page.getByRole('table', { name: 'Builds' }).getByRole('link', { name: /Build #1/ }).waitFor();
  await page.close();
});
