import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { catalogs, english } from '../../src/shared/i18n/catalogs';
import { launchBrowser } from '../support/browser';
import { ensureBusyboxImage, testEngine } from '../support/engine';
import { startGitServer, type GitServer } from '../support/git-server';
import { hostCall, startHeadless, type HeadlessApp } from '../support/headless';
import { startRegistry, type RunningRegistry } from '../support/registry';
import { tempDir } from '../support/temp';
import { scriptedReceiver, type ScriptedReceiver } from '../support/webhooks';

// Slipway in Simplified Chinese and in the pseudo-locale (issue 14), in Chromium against the
// headless host, over a real build, registry and webhook delivery.
let browser: Browser;
let app: HeadlessApp;
let registry: RunningRegistry;
let git: GitServer;
let receiver: ScriptedReceiver;
let repositoryId = '';
let buildId = '';

const zh = catalogs['zh-CN'];
/** Names this test gives things: data, not words, wherever they appear. */
const dataWords = ['Enterprise Server', 'local', 'team', 'tour', 'acme', 'main', 'latest', 'redeploy', 'Slipway', 'Docker', 'GitHub', 'GitLab', 'Gitee', 'Bitbucket', 'Webhook', 'Dockerfile', 'BuildKit', 'OAuth'];

before(async () => {
  const engine = await testEngine();
  [browser, registry, git, receiver] = await Promise.all([launchBrowser(), startRegistry(), startGitServer(), scriptedReceiver([200]), ensureBusyboxImage(engine)]);
  const dataDir = tempDir();
  app = await startHeadless(dataDir, { DOCKER_HOST: engine.host, DOCKER_CONFIG: dataDir });

  const cloneUrl = git.createRepo('acme/tour');
  git.commit('acme/tour', 'main', { Dockerfile: `FROM local/busybox\nRUN echo tour-${Date.now()}\n` });
  const reg = await hostCall<{ id: string }>(app, 'registries:create', { name: 'local', endpoint: registry.host, insecure: true, username: '' });
  const ns = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: reg.id, name: 'team' });
  const repo = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: ns.id, name: 'tour' });
  repositoryId = repo.id;
  await hostCall(app, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/tour', cloneUrl } });
  await hostCall(app, 'webhooks:create', { repositoryId: repo.id, name: 'redeploy', url: receiver.url, trigger: { kind: 'all' } });
  const rule = await hostCall<{ id: string }>(app, 'rules:save', {
    repositoryId: repo.id,
    spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [] },
  });
  buildId = (await hostCall<{ id: string }>(app, 'builds:start', { ruleId: rule.id })).id;
  // The tour's build page and webhook history show a finished build and its delivery.
  for (let i = 0; i < 240; i++) {
    const { build } = await hostCall<{ build: { status: string } }>(app, 'builds:get', { id: buildId });
    if (build.status === 'succeeded' || build.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 500));
  }
});
after(async () => {
  await hostCall(app, 'settings:update', { language: 'system' }).catch(() => undefined);
  await app?.stop();
  await browser?.close();
  await registry?.stop();
  await git?.stop();
  await receiver?.close();
});

const tour = [
  { name: 'code-source', hash: '#/code-source' },
  { name: 'registries', hash: '#/registries' },
  { name: 'repositories', hash: '#/repositories' },
  { name: 'repository', hash: () => `#/repositories/${repositoryId}` },
  { name: 'build', hash: () => `#/builds/${buildId}` },
  { name: 'builds', hash: '#/builds' },
  { name: 'settings', hash: '#/settings' },
] as const;

async function openPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

async function visit(page: Page, stop: (typeof tour)[number]): Promise<void> {
  const hash = typeof stop.hash === 'function' ? stop.hash() : stop.hash;
  await page.evaluate((h) => (window.location.hash = h), hash);
  await page.waitForFunction((h) => window.location.hash === h, hash);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  // Lists arrive over the socket: let the page settle before reading it.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(400);
}

/** The words of a page's own chrome: headings, buttons, labels, column heads, navigation. */
async function chromeTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3, button, label, th, nav a, legend, summary, [role="tab"]')]
      .filter((e) => (e as HTMLElement).offsetParent !== null && !e.closest('code, pre, .log-viewer'))
      .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter((t) => t.length > 0),
  );
}

test('zh-CN: a browser set to Chinese gets every page of the tour in Chinese, and screenshots of each', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1300, height: 900 } });
  const page = await openPage(context);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN', 'the system (browser) language is followed');
  const englishOnly = new Set(Object.entries(english).filter(([key, text]) => zh[key as keyof typeof english] !== text && /[A-Za-z]{3}/.test(text)).map(([, text]) => text));
  for (const stop of tour) {
    await visit(page, stop);
    // A page's title, or (where the title is a name, as on a repository's page) its section headings.
    const headings = await page.locator('h1, h2').allTextContents();
    assert.ok(headings.some((h) => /[\u4e00-\u9fff]/.test(h)), `${stop.name}: the headings are Chinese (${headings.join(' | ')})`);
    const untranslated = (await chromeTexts(page)).filter((t) => englishOnly.has(t) || (/[A-Za-z]{4,}/.test(dataWords.reduce((s, w) => s.replaceAll(w, ''), t)) && !/[\u4e00-\u9fff]/.test(t)));
    assert.deepEqual(untranslated, [], `${stop.name}: English left in the page's own words`);
    await page.screenshot({ path: `assets/screenshots/zh-CN-${stop.name}.png` });
  }
  await context.close();
});

/** Notes every heading the window shows, and each moment it shows nothing once it has shown one. */
function watchHeadings(): void {
  const seen = { headings: [] as string[], blank: 0 };
  (window as unknown as { seen: typeof seen }).seen = seen;
  new MutationObserver(() => {
    const heading = document.querySelector('h1')?.textContent ?? '';
    if (heading && seen.headings[seen.headings.length - 1] !== heading) seen.headings.push(heading);
    if (seen.headings.length > 0 && document.getElementById('root')?.childElementCount === 0) seen.blank += 1;
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

async function headingsUntilTheAppIsUp(context: BrowserContext): Promise<{ headings: string[]; blank: number }> {
  await context.addInitScript(watchHeadings);
  const page = await context.newPage();
  await page.goto(`${app.origin}/#token=${app.token}`);
  await page.locator('[data-boot]').waitFor({ state: 'detached' });
  await page.getByTestId('connection').and(page.locator('[data-state="connected"]')).waitFor();
  // The preferences have arrived (the socket is up after them): the language is the final one.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  return page.evaluate(() => (window as unknown as { seen: { headings: string[]; blank: number } }).seen);
}

test('from its frame to the app the window speaks one language: no English in between, never blank', async () => {
  // A browser set to Chinese gets the Chinese page; the app's first render waits for the Chinese
  // catalog instead of rendering nothing meanwhile.
  const chinese = await browser.newContext({ locale: 'zh-CN' });
  assert.deepEqual(await headingsUntilTheAppIsUp(chinese), { headings: ['代码源'], blank: 0 });
  await chinese.close();

  // The desktop window loads the page in the preferred language, whatever the system's: here, the
  // Chinese page in a browser set to English, with Chinese picked in Settings.
  await hostCall(app, 'settings:update', { language: 'zh-CN' });
  try {
    // (The page's navigator says English; its request asks the host for Chinese.)
    const desktopLike = await browser.newContext({ locale: 'en-US' });
    await desktopLike.route(`${app.origin}/`, (route) => route.continue({ headers: { ...route.request().headers(), 'accept-language': 'zh-CN' } }));
    assert.deepEqual(await headingsUntilTheAppIsUp(desktopLike), { headings: ['代码源'], blank: 0 });
    await desktopLike.close();
  } finally {
    await hostCall(app, 'settings:update', { language: 'system' });
  }
});

test('the language picked in Settings applies at once, without a reload, and back', async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1300, height: 900 } });
  const page = await openPage(context);
  await visit(page, tour[6]);
  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.getByLabel(english['language.label']).selectOption('zh-CN');
  await page.getByLabel(zh['language.label']).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.match((await page.getByRole('heading', { level: 1 }).first().textContent()) ?? '', /[\u4e00-\u9fff]/);
  assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no reload happened');
  // Another open window follows the saved choice too (the preference is the host's, not the tab's).
  const other = await openPage(context);
  await other.getByRole('heading', { level: 1 }).filter({ hasText: /[\u4e00-\u9fff]/ }).waitFor();
  await page.getByLabel(zh['language.label']).selectOption('system');
  await page.getByLabel(english['language.label']).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await context.close();
});

test('pseudo-locale: text 40 % longer than English overflows nothing, and every word on screen comes from the catalogs', async () => {
  await hostCall(app, 'settings:update', { language: 'en-XA' });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const page = await openPage(context);
  try {
    for (const stop of tour) {
      await visit(page, stop);
      const report = await page.evaluate(() => {
        const root = document.documentElement;
        const problems: string[] = [];
        if (root.scrollWidth > root.clientWidth + 1) problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
        for (const e of document.querySelectorAll<HTMLElement>('h1, h2, h3, button, label, th, nav a, .badge, .status')) {
          // Hidden labels (for screen readers) are clipped on purpose.
          if (e.offsetParent === null || e.closest('code, pre, .log-viewer, .visually-hidden')) continue;
          const style = getComputedStyle(e);
          const clips = style.overflow !== 'visible' || style.textOverflow === 'ellipsis' || style.whiteSpace === 'nowrap';
          if (clips && e.scrollWidth > e.clientWidth + 1) problems.push(`cut off: ${e.tagName.toLowerCase()} "${e.textContent?.slice(0, 60)}"`);
          const box = e.getBoundingClientRect();
          if (box.right > root.clientWidth + 1) problems.push(`past the window's edge: ${e.tagName.toLowerCase()} "${e.textContent?.slice(0, 60)}"`);
        }
        return problems;
      });
      await page.screenshot({ path: stop.name === 'repository' ? 'assets/screenshots/pseudo-locale-repository.png' : `/tmp/pseudo-${stop.name}.png`, fullPage: true });
      assert.deepEqual(report, [], `${stop.name}: layout with long text`);
      // Literal text (not from a catalog) has no pseudo accents: it shows up here even if lint missed it.
      const literal = (await chromeTexts(page)).filter((t) => /[A-Za-z]{4,}/.test(dataWords.reduce((s, w) => s.replaceAll(w, ''), t)) && !/[ȧḗīǿŭƞŧřşħ]/.test(t));
      assert.deepEqual(literal, [], `${stop.name}: words on screen that are not from a catalog`);
    }
  } finally {
    await hostCall(app, 'settings:update', { language: 'system' });
    await context.close();
  }
});
