/**
 * The desktop app itself, launched with Playwright's Electron support: run by `npm run test:electron`
 * (the release workflow, against each packaged app), not by `npm test`, because no Electron binary
 * can be downloaded where `npm test` runs.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ElectronApplication, Page } from 'playwright-core';
import { channels } from '../../src/shared/contract';
import { launchSlipway } from '../support/electron-app';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { tempDir } from '../support/temp';

interface Bridge {
  invoke(channel: string, input: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
declare global {
  interface Window {
    slipway: Bridge;
  }
}

const dataDir = tempDir();
let app: ElectronApplication;
let page: Page;
let registryHost: string;
let ownRegistry: RunningRegistry | null = null;

before(async () => {
  // The release job starts one (distribution v3 on every system); locally, Debian's docker-registry.
  if (process.env.SLIPWAY_TEST_REGISTRY) registryHost = process.env.SLIPWAY_TEST_REGISTRY;
  else {
    ownRegistry = await startRegistry();
    registryHost = ownRegistry.host;
  }
  app = await launchSlipway(dataDir);
  page = await app.firstWindow();
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 30_000 });
});

after(async () => {
  if (app && app.process().exitCode === null) await app.close().catch(() => undefined);
  await ownRegistry?.stop();
});

test('the window opens on our page, sandboxed: no Node in the page', async () => {
  assert.equal(await page.title(), 'Slipway');
  assert.deepEqual(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process]), ['undefined', 'undefined']);
  assert.deepEqual(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length), 1);
});

test('the preload exposes exactly the contract: invoke and on, every channel answered, nothing else', async () => {
  assert.deepEqual(await page.evaluate(() => Object.keys(window.slipway).sort()), ['invoke', 'on']);
  // A string is invalid input for every method: each channel answers with validation, none is unknown.
  const codes = await page.evaluate(async (all) => Promise.all(all.map(async (c) => (await window.slipway.invoke(c, 'not-an-object')).error?.code ?? 'ok')), [...channels]);
  assert.deepEqual(new Set(codes), new Set(['invalid_input']));
  const unknown = await page.evaluate(() => window.slipway.invoke('fs:readFile', { path: '/etc/passwd' }));
  assert.equal(unknown.error?.code, 'unknown_method');
  const info = await page.evaluate(() => window.slipway.invoke('app:info', {}));
  assert.equal((info.result as { host: string }).host, 'electron');
  assert.equal((info.result as { dataDir: string }).dataDir, dataDir);
});

test('the five pages render', async () => {
  const nav = page.getByRole('navigation', { name: 'Sections' });
  const names = ['Code Source', 'Registries', 'Repositories', 'Builds', 'Settings'];
  assert.deepEqual(await nav.getByRole('link').allTextContents(), names);
  for (const name of names) {
    await nav.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }
});

test('a registry is added in the window and tested against the registry started for the job', async () => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Registries' }).click();
  await page.getByRole('button', { name: 'Add registry' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Job registry');
  await page.getByLabel('Registry address').fill(registryHost);
  await page.getByLabel('Insecure: the registry serves plain HTTP').check();
  await page.getByRole('button', { name: 'Add registry' }).click();
  await page.getByRole('row', { name: /Job registry/ }).waitFor();
  const report = await page.evaluate(async () => {
    const list = await window.slipway.invoke('registries:list', {});
    const registry = (list.result as { id: string; name: string }[]).find((r) => r.name === 'Job registry');
    return registry ? window.slipway.invoke('registries:test', { id: registry.id }) : null;
  });
  assert.equal(report?.ok, true);
  assert.equal((report?.result as { ok: boolean; message: string }).ok, true, JSON.stringify(report?.result));
});

test('closing the window leaves Slipway running in the tray, and says so once', async () => {
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
  const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })));
  assert.deepEqual(windows, [{ visible: false, destroyed: false }]);
  assert.equal(app.process().exitCode, null);
  // The main process still answers, the core too: builds would go on.
  assert.equal(await app.evaluate(({ app: electronApp }) => electronApp.isReady()), true);
  const state = JSON.parse(readFileSync(join(dataDir, 'desktop-state.json'), 'utf8')) as { backgroundNoticeShown: boolean; bounds: unknown };
  assert.equal(state.backgroundNoticeShown, true);
  assert.ok(state.bounds, 'the window’s bounds were remembered');
  const logPath = join(dataDir, 'logs', 'slipway.log');
  assert.ok(existsSync(logPath), 'the app log is in the data folder');
  assert.match(readFileSync(logPath, 'utf8'), /tray ready: Slipway — idle/);
});

test('quitting ends the process', async () => {
  const exited = new Promise<number | null>((resolve) => app.process().once('exit', (code) => resolve(code)));
  await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => undefined);
  const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
  assert.notEqual(code, 'timeout', 'the process ended within 30 s');
});
