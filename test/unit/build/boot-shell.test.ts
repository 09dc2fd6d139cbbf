import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bootFrameMarkup, withAppAfterFrame, withAppPreload, withBootFrame } from '../../../scripts/boot-shell';
import { appStartFiles, firstPaintFiles } from '../../support/page-files';
import { routes } from '../../../src/renderer/src/app/routes';

const attr = (markup: string, name: string): string[] => [...markup.matchAll(new RegExp(` ${name}="([^"]*)"`, 'g'))].map((m) => m[1] ?? '');

test('the frame is the app’s shell on the first page, in each language, with every page’s heading at hand', () => {
  const en = bootFrameMarkup('en');
  assert.match(en, /^<div class="shell" data-boot="code-source">/);
  assert.match(en, /<h1>Code Source<\/h1><p class="lede">Accounts whose repositories Slipway builds\./);
  assert.deepEqual(attr(en, 'data-route'), routes.map((r) => r.id));
  assert.deepEqual(attr(en, 'data-title'), ['Code Source', 'Registries', 'Repositories', 'Builds', 'Settings']);
  assert.match(en, /aria-current="page"[^>]*data-route="code-source"/);
  assert.match(en, /data-state="connecting">Connecting…</);
  assert.match(en, /role="status">Loading…</);
  // The sidebar's links have no address until the boot script holds them; the skip link has one.
  assert.deepEqual(attr(en, 'href'), ['#main']);

  const zh = bootFrameMarkup('zh-CN');
  assert.match(zh, /<h1>代码源<\/h1>/);
  assert.deepEqual(attr(zh, 'data-title'), ['代码源', '镜像服务', '镜像仓库', '构建', '设置']);
  assert.match(zh, /aria-label="栏目"/);
});

test('the frame goes into #root, the language onto <html>, the boot script into <head>; a page without #root or <title> fails the build', () => {
  const html = '<!doctype html>\n<html lang="en">\n<head><title>Slipway</title><script type="module" src="./assets/index-x.js"></script><link rel="stylesheet" href="./assets/index-x.css"></head>\n<body>\n<div id="root"></div>\n</body>\n</html>';
  const made = withBootFrame(html, 'zh-CN', 'assets/boot-1234.js');
  assert.match(made, /<html lang="zh-CN">/);
  assert.ok(made.includes(`<div id="root">${bootFrameMarkup('zh-CN')}</div>`));
  // A classic script asked for ahead of the stylesheet and the app's files, holding nothing up,
  // run once the page is parsed, before the app's module script.
  assert.match(made, /<\/title>\s*<script defer fetchpriority="high" src="\.\/assets\/boot-1234\.js"><\/script><script type="module"/);
  assert.throws(() => withBootFrame(html.replace('<div id="root"></div>', '<div id="app"></div>'), 'en', 'b.js'), /no <div id="root"><\/div>/);
  assert.throws(() => withBootFrame(html.replace('<html lang="en">', '<html>'), 'en', 'b.js'), /no <html lang/);
  assert.throws(() => withBootFrame(html.replace('<title>Slipway</title>', ''), 'en', 'b.js'), /no <title>/);
});

test('the app’s module script and module preloads move onto the boot script’s tag, started once the frame is painted', () => {
  const built =
    '<head><title>Slipway</title>\n    <script defer fetchpriority="high" src="./assets/boot-1234.js"></script>\n    <script type="module" crossorigin src="./assets/index-a1.js"></script>\n' +
    '    <link rel="stylesheet" crossorigin href="./assets/index-b2.css">\n    <link rel="modulepreload" crossorigin href="./assets/Page-c3.js">\n    <link rel="modulepreload" crossorigin href="./assets/d4.js">\n  </head>';
  const made = withAppAfterFrame(built, 'assets/boot-1234.js');
  assert.equal(
    made,
    '<head><title>Slipway</title>\n    <script defer fetchpriority="high" src="./assets/boot-1234.js" data-app="./assets/index-a1.js" data-preload="./assets/Page-c3.js ./assets/d4.js"></script>\n' +
      '    <link rel="stylesheet" crossorigin href="./assets/index-b2.css">\n  </head>',
  );
  assert.deepEqual(appStartFiles(made), { entry: '/assets/index-a1.js', preload: ['/assets/Page-c3.js', '/assets/d4.js'] });
  assert.deepEqual(appStartFiles(withAppPreload(made, './assets/zh-CN-e5.js'))?.preload, ['/assets/Page-c3.js', '/assets/d4.js', '/assets/zh-CN-e5.js']);
  // Anything the build cannot carry over whole fails it.
  assert.throws(() => withAppAfterFrame(built.replace(/<script type="module"[^>]*><\/script>/, ''), 'assets/boot-1234.js'), /0 module scripts/);
  assert.throws(() => withAppAfterFrame(built, 'assets/boot-9999.js'), /no boot script/);
  assert.throws(() => withAppAfterFrame(built.replace('./assets/d4.js', 'https://elsewhere.example/d4.js'), 'assets/boot-1234.js'), /unexpected script path/);
  assert.throws(() => withAppPreload(built, './assets/zh.js'), /no data-preload/);
});

test('the build writes a page per language naming the same files (and its catalog), and a small classic boot script', () => {
  assert.ok(existsSync('out/renderer/index.html'), 'the renderer is built by `npm test` before the tests run');
  const en = readFileSync('out/renderer/index.html', 'utf8');
  const zh = readFileSync('out/renderer/index.zh-CN.html', 'utf8');
  assert.match(en, /<html lang="en">/);
  assert.match(zh, /<html lang="zh-CN">/);
  // The first paint waits for the stylesheet and the boot script, nothing else: the app's files
  // are started by the boot script once the frame is painted, each a file that exists.
  assert.deepEqual(firstPaintFiles(en), firstPaintFiles(zh));
  assert.equal(firstPaintFiles(en).length, 2, en);
  const enApp = appStartFiles(en);
  const zhApp = appStartFiles(zh);
  assert.ok(enApp && zhApp, 'the boot script names the app’s files');
  assert.match(enApp.entry, /^\/assets\/index-[\w-]+\.js$/);
  for (const file of [enApp.entry, ...enApp.preload]) assert.ok(existsSync(`out/renderer${file}`), file);
  // The same files, and the Chinese page also preloads its catalog, which its first render waits for.
  assert.equal(zhApp.entry, enApp.entry);
  const catalog = zhApp.preload.filter((file) => !enApp.preload.includes(file));
  assert.equal(catalog.length, 1, zh);
  assert.match(readFileSync(`out/renderer${catalog[0]}`, 'utf8'), /代码源/);
  assert.deepEqual(zhApp.preload.filter((file) => file !== catalog[0]), enApp.preload);
  // The built frame is the one rendered here, its later pages' links naming their chunks.
  const withoutChunks = (html: string) => html.replace(/ data-chunks="[^"]*"/g, '');
  assert.ok(withoutChunks(en).includes(bootFrameMarkup('en')) && withoutChunks(zh).includes(bootFrameMarkup('zh-CN')));
  const chunksOf = (html: string): Record<string, string[]> => Object.fromEntries([...html.matchAll(/data-route="([\w-]+)"[^>]*?data-chunks="([^"]*)"/g)].map((m) => [m[1], (m[2] ?? '').split(' ')]));
  const named = chunksOf(en);
  assert.deepEqual(Object.keys(named), ['registries', 'repositories', 'builds', 'settings']);
  assert.deepEqual(chunksOf(zh), named);
  for (const [route, files] of Object.entries(named)) {
    for (const file of files) assert.ok(existsSync(`out/renderer/${file}`), `${route}: ${file}`);
  }
  assert.match(named.builds?.[0] ?? '', /^\.\/assets\/BuildsPage-[\w-]+\.js$/);
  // The Builds page shows a list: zod (forms' checks, ~95 KB) is not among what it waits for.
  const buildsWithZod = (named.builds ?? []).filter((file) => readFileSync(`out/renderer/${file}`, 'utf8').includes('ZodError'));
  assert.deepEqual(buildsWithZod, [], 'the Builds page carries zod');
  const boot = /<\/title>\s*<script defer fetchpriority="high" src="\.\/(assets\/boot-[\w-]+\.js)"[^>]*><\/script>/.exec(en)?.[1];
  assert.ok(boot && firstPaintFiles(en).includes(`/${boot}`), en);
  const code = readFileSync(`out/renderer/${boot}`, 'utf8');
  assert.ok(code.length < 4096, `the boot script is ${code.length} bytes`);
  // A classic script: it must not wait for (or pull in) the module graph it runs ahead of.
  assert.doesNotMatch(code, /^\s*(import|export)\b|\bimport\(/m);
  assert.match(code, /data-early-route/);
  // The tab shows the app's icon from the page itself: no request for /favicon.ico at start.
  for (const html of [en, zh]) {
    const icon = /<link rel="icon" href="(data:image\/svg\+xml,[^"]+)" \/>/.exec(html)?.[1];
    assert.ok(icon, 'no icon in the page');
    assert.equal(decodeURIComponent(icon.slice('data:image/svg+xml,'.length)), readFileSync('assets/icon.svg', 'utf8').replace(/\s*\n\s*/g, ' ').trim());
  }
});
