import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { testEngine } from '../support/engine';
import { freePort } from '../support/ports';
import { startHeadless, type HeadlessApp } from '../support/headless';
import { tempDir } from '../support/temp';

let browser: Browser;
let app: HeadlessApp;
const dataDir = tempDir();

before(async () => {
  browser = await launchBrowser();
  app = await startHeadless(dataDir);
});
after(async () => {
  await app?.stop();
  await browser?.close();
});

async function openApp(url = app.url, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, colorScheme });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  // The frame index.html paints has the same heading; the app has replaced it once it is gone.
  await page.locator('[data-boot]').waitFor({ state: 'detached' });
  return page;
}

const pages = [
  { name: 'Code Source', empty: 'No code source is bound yet' },
  { name: 'Registries', empty: 'No registry yet' },
  { name: 'Repositories', empty: 'No image repository yet' },
  { name: 'Builds', empty: 'No builds yet' },
] as const;

test('the shell opens with the five sections and every page says what to do first', async () => {
  const page = await openApp();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Code Source', 'Registries', 'Repositories', 'Builds', 'Settings']);
  // The token left the address bar once it was taken.
  assert.equal(new URL(page.url()).hash, '#/code-source');
  await page.screenshot({ path: 'assets/screenshots/shell.png' });
  for (const p of pages) {
    await nav.getByRole('link', { name: p.name }).click();
    await page.getByRole('heading', { level: 1, name: p.name }).waitFor();
    await page.getByRole('heading', { name: p.empty }).waitFor();
    assert.equal(await nav.getByRole('link', { name: p.name }).getAttribute('aria-current'), 'page');
  }
  await page.context().close();
});

test('no page trips the window\'s Content-Security-Policy', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`));
  });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.locator('[data-boot]').waitFor({ state: 'detached' });
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const name of ['Registries', 'Repositories', 'Builds', 'Settings', 'Code Source']) {
    await nav.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }
  // A form's checks (zod's schemas) are read with it.
  await nav.getByRole('link', { name: 'Registries' }).click();
  await page.getByRole('button', { name: 'Add registry' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Team registry');
  await page.getByLabel('Registry address').fill('https://ghcr.io/acme/app');
  await page.getByRole('button', { name: 'Add registry' }).click();
  await page.getByText('looks like a repository address, not a registry').waitFor();
  assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
  await context.close();
});

test('a browser set to Chinese gets the shell, the connection word and the Builds page in Chinese', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(app.url);
  const nav = page.getByRole('navigation', { name: '栏目' });
  await nav.waitFor();
  assert.deepEqual(await nav.getByRole('link').allTextContents(), ['代码源', '镜像服务', '镜像仓库', '构建', '设置']);
  assert.equal(await nav.getByRole('link', { name: '构建' }).getAttribute('title'), '构建（Ctrl+4）');
  await page.getByTestId('connection').filter({ hasText: '已连接' }).waitFor();
  await nav.getByRole('link', { name: '构建' }).click();
  await page.getByRole('heading', { level: 1, name: '构建' }).waitFor();
  await page.getByRole('heading', { name: '还没有构建' }).waitFor();
  assert.equal(await page.getByRole('search', { name: '筛选构建' }).getByRole('option', { name: '已中断' }).count(), 1);
  await context.close();
});

test('every section is reachable by keyboard', async () => {
  const page = await openApp();
  await page.getByRole('heading', { level: 1, name: 'Code Source' }).waitFor();
  await page.keyboard.press('Control+5');
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await page.keyboard.press('Control+2');
  await page.getByRole('heading', { level: 1, name: 'Registries' }).waitFor();
  // Plain Tab order: skip link first, then the sections in order; Enter follows the focused link.
  // A fresh load puts the focus start at the top of the document (the token stays for this tab).
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Registries' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Repositories');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Repositories' }).waitFor();
  // Focus moves to the new page's heading so the next Tab starts in the page.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  await page.context().close();
});

/** The renderer's main script (index-<hash>.js), which the frame's tests hold back. */
const appScript = /\/assets\/index-[\w-]+\.js$/;

/**
 * Holds the app's main script until released, as on a slow first start: what the window shows and
 * does before the app has run. Every other file goes through.
 */
async function holdingAppScript(context: BrowserContext): Promise<{ release(): void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await context.route(appScript, async (route) => {
    await released;
    await route.continue();
  });
  return { release };
}

test('the window paints its frame before the app has run, and a shortcut pressed then opens that page', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  const held = await holdingAppScript(context);
  const page = await context.newPage();
  const fetched: string[] = [];
  page.on('requestfinished', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(app.url, { waitUntil: 'commit' });
  const frame = page.locator('[data-boot]');
  const nav = frame.getByRole('navigation', { name: 'Sections' });
  await frame.getByRole('heading', { level: 1, name: 'Code Source' }).waitFor();
  // Its links are links once the boot script holds them (before, a click would lose the token).
  await nav.getByRole('link', { name: 'Settings' }).waitFor();
  assert.deepEqual(await nav.getByRole('link').allTextContents(), ['Code Source', 'Registries', 'Repositories', 'Builds', 'Settings']);
  assert.equal(await frame.getByRole('status').filter({ hasText: 'Loading…' }).count(), 1);
  assert.equal(await frame.getByTestId('connection').innerText(), 'Connecting…');
  await page.keyboard.press('Control+4');
  await frame.getByRole('heading', { level: 1, name: 'Builds' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Builds' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: 'Code Source' }).getAttribute('aria-current'), null);
  // The address still holds the session token for the app to take: the frame did not touch it.
  assert.match(new URL(page.url()).hash, /^#token=/);
  // The Builds page's code is fetched while the app's script is still held, not after it has run.
  await page.waitForFunction(() => document.querySelector('link[rel="modulepreload"][href*="BuildsPage-"]') !== null);
  for (let i = 0; i < 100 && !fetched.some((path) => /\/BuildsPage-[\w-]+\.js$/.test(path)); i++) await page.waitForTimeout(50);
  assert.ok(fetched.some((path) => /\/BuildsPage-[\w-]+\.js$/.test(path)), fetched.join('\n'));
  assert.ok(!fetched.some((path) => appScript.test(path)), 'the app script was held');
  // The frame is painted: the boot script told the host to read its core, before any call.
  assert.ok(fetched.includes('/api/warm'), fetched.join('\n'));
  assert.ok(!fetched.some((path) => path.startsWith('/api/call')), fetched.join('\n'));
  held.release();
  // The app starts on the page asked for, with its session, and the frame is gone.
  await page.getByRole('search', { name: 'Filter builds' }).waitFor();
  await frame.waitFor({ state: 'detached' });
  assert.equal(new URL(page.url()).hash, '#/builds');
  assert.deepEqual(await page.getByRole('heading', { level: 1 }).allTextContents(), ['Builds']);
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  assert.equal(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Builds' }).getAttribute('aria-current'), 'page');
  await context.close();
});

test('a control focused on the frame keeps the focus when the app replaces the frame', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  const held = await holdingAppScript(context);
  const page = await context.newPage();
  await page.goto(app.url, { waitUntil: 'commit' });
  const frame = page.locator('[data-boot]');
  await frame.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).waitFor();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-boot]') !== null && document.activeElement?.textContent), 'Code Source');
  held.release();
  await frame.waitFor({ state: 'detached' });
  // The app's own link has the focus, and the next Tab goes on from it.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#/code-source');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Registries');
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-early-focus')), false);
  await context.close();
});

test('the frame is in the browser’s language, a click in it is kept, and a reload shows the page it is on', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, locale: 'zh-CN' });
  const held = await holdingAppScript(context);
  const page = await context.newPage();
  await page.goto(app.url, { waitUntil: 'commit' });
  const frame = page.locator('[data-boot]');
  await frame.getByRole('heading', { level: 1, name: '代码源' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await frame.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '镜像仓库' }).click();
  await frame.getByRole('heading', { level: 1, name: '镜像仓库' }).waitFor();
  assert.match(new URL(page.url()).hash, /^#token=/);
  held.release();
  await frame.waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1, name: '镜像仓库' }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/repositories');

  // A reload elsewhere than the first page: the frame shows that page's heading, not the first one's.
  await page.evaluate(() => (window.location.hash = '#/settings'));
  await page.getByRole('heading', { level: 1, name: '设置' }).waitFor();
  await context.unroute(appScript);
  const heldAgain = await holdingAppScript(context);
  await page.reload({ waitUntil: 'commit' });
  await frame.getByRole('heading', { level: 1, name: '设置' }).waitFor();
  assert.equal(await frame.getByRole('link', { name: '设置' }).getAttribute('aria-current'), 'page');
  // The first page's sentence is not left under another page's heading.
  assert.equal(await frame.locator('.lede').isVisible(), false);
  heldAgain.release();
  await frame.waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1, name: '设置' }).waitFor();
  await context.close();
});

test('pages show without a loading step: the first in the first paint, the next ones at once', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  const page = await context.newPage();
  // Notes every moment the page area held the placeholder a page shows while its code loads, from
  // before the app's scripts run (a page's own "Loading builds…" and the like are data, not this).
  await page.addInitScript(() => {
    const seen = { placeholder: 0 };
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => {
      // The frame index.html paints before the app's script has run says "Loading…" too; that is the
      // window starting, not a page waiting for its code, and the frame test below covers it.
      const placeholder = [...document.querySelectorAll('#root > .shell:not([data-boot]) main > p')].some((p) => p.textContent === 'Loading…');
      if (placeholder) seen.placeholder += 1;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(app.url);
  await page.getByRole('heading', { level: 1, name: 'Code Source' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const [key, name] of [['4', 'Builds'], ['2', 'Registries'], ['5', 'Settings'], ['3', 'Repositories']] as const) {
    await page.keyboard.press(`Control+${key}`);
    await nav.locator('a[aria-current="page"]', { hasText: name }).waitFor();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.equal(await page.getByRole('main').getAttribute('aria-busy'), null);
  }
  assert.equal(await page.evaluate(() => (window as unknown as { seen: { placeholder: number } }).seen.placeholder), 0);
  await context.close();
});

test('a page whose code cannot be fetched says so and offers a reload, instead of a blank window', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  const page = await context.newPage();
  // As when the host was restarted with a newer build while the window stayed open.
  const buildsChunk = /\/assets\/BuildsPage-[\w-]+\.js$/;
  await page.route(buildsChunk, (route) => route.abort());
  await page.goto(app.url);
  await page.getByRole('heading', { level: 1, name: 'Code Source' }).waitFor();
  await page.keyboard.press('Control+4');
  const alert = page.getByRole('main').getByRole('alert').filter({ hasText: 'This page could not be shown.' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /Reload the window/);
  // The rest of the window still works.
  await page.keyboard.press('Control+2');
  await page.getByRole('heading', { level: 1, name: 'Registries' }).waitFor();
  assert.equal(await alert.count(), 0);
  await page.keyboard.press('Control+4');
  await alert.waitFor();
  await page.unroute(buildsChunk);
  await alert.getByRole('button', { name: 'Reload' }).click();
  await page.getByRole('heading', { level: 1, name: 'Builds' }).waitFor();
  await page.getByRole('heading', { name: 'No builds yet' }).waitFor();
  await context.close();
});

test("a page's first reads go out with its chunk, together, and the page does not read them again", async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  // The Builds page's chunk is held from the start (the app fetches every page's chunk once it is
  // idle) until its calls have gone out.
  const buildsChunk = /\/assets\/BuildsPage-[\w-]+\.js$/;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await context.route(buildsChunk, async (route) => {
    await released;
    await route.continue();
  });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.locator('[data-boot]').waitFor({ state: 'detached' });
  const calls: string[] = [];
  const batches: string[][] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    const channel = /^\/api\/call\/([\w:]+)$/.exec(path)?.[1];
    if (channel) calls.push(channel);
    // Calls made together go out as one batch.
    if (path !== '/api/calls') return;
    const batch = (JSON.parse(request.postData() ?? '{}') as { calls: { channel: string }[] }).calls.map((c) => c.channel);
    batches.push(batch);
    calls.push(...batch);
  });
  await page.keyboard.press('Control+4');
  for (let i = 0; i < 100 && !calls.includes('builds:page'); i++) await page.waitForTimeout(50);
  assert.ok(calls.includes('builds:page'), `the history was not read while the page's chunk was on its way: ${calls.join(', ')}`);
  assert.equal(await page.getByRole('heading', { level: 1, name: 'Builds' }).count(), 0);
  release();
  await page.getByRole('heading', { level: 1, name: 'Builds' }).waitFor();
  await page.getByRole('heading', { name: 'No builds yet' }).waitFor();
  assert.equal(calls.filter((c) => c === 'builds:page').length, 1, calls.join(', '));
  // In one request: a browser opens six connections per host, and calls the host holds (while it
  // reads its core) would otherwise take them from the page's chunks.
  assert.deepEqual(batches.find((b) => b.includes('builds:page'))?.sort(), ['builds:page', 'namespaces:list', 'registries:list', 'repositories:list']);
  await page.context().close();
});

test('a key or a click moves the page in its own task: the sidebar and the reads do not wait for the hashchange', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
  // Noted when the browser fires the hashchange, a task of its own, before any of the app's
  // listeners (this one is on first): a page that waited for it asked for its data and marked its
  // link only after whatever else was queued. A string: the page lacks the test runner's helpers.
  await context.addInitScript(`(() => {
    const asked = [];
    const fetchBefore = window.fetch;
    window.fetch = (input, init) => {
      asked.push(typeof init?.body === 'string' ? init.body : String(input));
      return fetchBefore(input, init);
    };
    window.atHashchange = [];
    window.addEventListener('hashchange', () => window.atHashchange.push({
      current: document.querySelector('nav a[aria-current="page"]')?.textContent ?? '',
      readsAsked: asked.some((a) => a.includes('builds:page')),
    }));
  })()`);
  const page = await context.newPage();
  await page.goto(app.url);
  await page.locator('[data-boot]').waitFor({ state: 'detached' });
  await page.getByRole('heading', { level: 1, name: 'Code Source' }).waitFor();
  const seen = () => page.evaluate('window.atHashchange.slice()') as Promise<{ current: string; readsAsked: boolean }[]>;
  const before = (await seen()).length;
  await page.keyboard.press('Control+4');
  await page.getByRole('heading', { level: 1, name: 'Builds' }).waitFor();
  await page.getByRole('navigation').getByRole('link', { name: 'Registries' }).click();
  await page.getByRole('heading', { level: 1, name: 'Registries' }).waitFor();
  assert.deepEqual((await seen()).slice(before), [
    { current: 'Builds', readsAsked: true },
    { current: 'Registries', readsAsked: true },
  ]);
  await context.close();
});

test('settings shows where data lives and the local builder', async () => {
  const page = await openApp();
  await page.keyboard.press('Control+5');
  assert.equal(await page.getByTestId('data-dir').textContent(), dataDir);
  const status = page.getByTestId('builder-status');
  await status.waitFor();
  // The test host points DOCKER_HOST nowhere only when told to; here it reports whatever it finds, in
  // words, once its probe has answered ("Not answered yet: Slipway is asking it again" until then).
  const answered = /Docker|No Docker engine|Permission denied|could not be reached/;
  await status.filter({ hasText: answered }).waitFor({ timeout: 15_000 });
  assert.match((await status.textContent()) ?? '', answered);
  await page.context().close();
});

test('settings shows what each builder builds, its health and load, and takes its capacity and platforms from the keyboard', async () => {
  const engine = await testEngine();
  const page = await openApp();
  await page.keyboard.press('Control+5');
  // Another engine on this machine, added by its unix:// socket.
  await page.getByRole('button', { name: 'Add remote builder' }).click();
  const add = page.getByRole('form', { name: 'Add remote builder' });
  await add.getByLabel('Name').fill('second');
  await add.getByLabel('Engine address').fill(engine.host);
  await add.getByRole('button', { name: 'Add builder' }).click();
  const native = page.getByTestId('builder-native-second');
  await native.waitFor();
  assert.equal(await native.textContent(), 'linux/amd64');
  assert.match((await page.getByTestId('builder-emulated-second').textContent()) ?? '', /linux\/arm64/);
  assert.equal(await page.getByTestId('builder-buildkit-second').textContent(), 'Built in; this engine does not report its version.');
  assert.equal(await page.getByTestId('builder-health-second').textContent(), 'Healthy');
  assert.equal(await page.getByTestId('builder-load-second').textContent(), '0 of 1 running, 0 waiting');

  const edit = page.getByRole('button', { name: 'Capacity and platforms of second' });
  await edit.focus();
  await page.keyboard.press('Enter');
  assert.equal(await edit.getAttribute('aria-expanded'), 'true');
  const settings = page.getByRole('form', { name: 'Settings of second' });
  const capacity = settings.getByLabel('Builds at once (1–16)');
  await capacity.fill('17');
  await capacity.press('Enter');
  await settings.getByText('Enter a whole number from 1 to 16.').waitFor();
  assert.equal(await capacity.getAttribute('aria-invalid'), 'true');
  await capacity.fill('3');
  await settings.getByLabel('Native platforms (declared)').fill('linux/arm64');
  await settings.getByLabel('Native platforms (declared)').press('Enter');
  await page.getByTestId('builder-load-second').filter({ hasText: '0 of 3 running, 0 waiting' }).waitFor();
  await native.filter({ hasText: 'linux/arm64 (declared; the engine says linux/amd64)' }).waitFor();
  assert.match((await page.getByTestId('builder-emulated-second').textContent()) ?? '', /linux\/amd64/);

  // One that does not answer rests, with the reason and when it is tried again.
  await page.getByRole('button', { name: 'Add remote builder' }).click();
  await add.getByLabel('Name').fill('gone');
  await add.getByLabel('Engine address').fill(`tcp://127.0.0.1:${await freePort()}`);
  await add.getByRole('button', { name: 'Add builder' }).click();
  const health = page.getByTestId('builder-health-gone');
  await health.waitFor();
  assert.match((await health.textContent()) ?? '', /No Docker engine answers at "tcp:\/\/127\.0\.0\.1:\d+"\. Left alone after 1 failure; tried again in \d+ seconds/);
  await page.getByRole('heading', { name: 'Builders' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'assets/screenshots/settings-builders.png' });
  await page.context().close();
});

test('bad input gets a clear error and loses nothing', async () => {
  const page = await openApp();
  await page.keyboard.press('Control+5');
  const field = page.getByLabel('Builds that may run at once');
  await field.fill('3');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await field.fill('zero');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Enter a whole number from 1 to 16.').waitFor();
  assert.equal(await field.inputValue(), 'zero');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await page.context().close();
});

test('the theme follows the system, and can be chosen', async () => {
  const page = await openApp(app.url, 'dark');
  await page.getByRole('heading', { level: 1 }).waitFor();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await background(), 'rgb(22, 24, 29)');
  await page.keyboard.press('Control+5');
  await page.getByLabel('Theme').selectOption('light');
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)');
  await page.getByLabel('Theme').selectOption('system');
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(22, 24, 29)');
  await page.context().close();
});
