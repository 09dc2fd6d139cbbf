/**
 * The frame a window paints before the app's script has run (issue 15). The renderer's main script
 * takes about half a second to arrive, compile and run here, and until then the page was blank.
 * index.html now holds the app's own frame (sidebar, the first page's heading, "Loading…"), rendered
 * at build time from the same React components the app renders, so the swap moves nothing. One
 * index per language: index.html in English, index.<locale>.html for the others; the host picks one
 * by the browser's languages, the desktop window by the language preference. A boot script of under
 * 2 KB (src/renderer/src/boot) answers the keyboard and the sidebar until the app is there.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Plugin } from 'vite';
import { createTranslator } from '../src/shared/i18n/translate';
import { supportedLocales, type Locale } from '../src/shared/i18n/locales';
import { indexFileFor } from '../src/shared/index-page';
import { ShellFrame } from '../src/renderer/src/app/ShellFrame';
import type { RouteId } from '../src/renderer/src/app/routes';
import { firstPageChunks, type ChunkLike } from './first-page-preload';
import { ConnectionLine } from '../src/renderer/src/app/ConnectionLine';
import { PageHeader } from '../src/renderer/src/components/PageHeader';

const rootPlaceholder = '<div id="root"></div>';

/** Each page's module (pages.ts), but the first: its chunks are preloaded by index.html itself. */
const laterPages: Readonly<Record<Exclude<RouteId, 'code-source'>, string>> = {
  registries: '/features/registries/RegistriesPage.tsx',
  repositories: '/features/repositories/RepositoriesPage.tsx',
  builds: '/features/builds/BuildsPage.tsx',
  settings: '/features/settings/SettingsPage.tsx',
};

export type PageChunkNames = Readonly<Partial<Record<RouteId, string>>>;

/**
 * What the boot script preloads when a key or a click asks for another page before the app has run:
 * that page's chunk and the chunks it imports, relative to the page. Ctrl+4 pressed on the frame
 * otherwise fetched the Builds page's chunks only once the app's script had run (~250 ms later here).
 */
export function pageChunkNames(bundle: Readonly<Record<string, ChunkLike>>): PageChunkNames {
  const names: Partial<Record<RouteId, string>> = {};
  for (const [id, module] of Object.entries(laterPages) as [RouteId, string][]) {
    const files = firstPageChunks(bundle, module);
    // A renamed page must not silently lose its preload: the build says so.
    if (files.length === 0) throw new Error(`boot-shell: no chunk for ${module}`);
    names[id] = files.map((file) => `./${file}`).join(' ');
  }
  return names;
}

/** The frame in one language, open on the first page (Code Source): the address names no other. */
export function bootFrameMarkup(locale: Locale, chunks?: PageChunkNames): string {
  const { t } = createTranslator(locale);
  const titles = {
    'code-source': t('sources.page.title'),
    registries: t('registries.page.title'),
    repositories: t('repositories.page.title'),
    builds: t('builds.page.title'),
    settings: t('settings.heading'),
  } as const;
  return renderToStaticMarkup(
    <ShellFrame t={t} current="code-source" mac={false} status={<ConnectionLine state="connecting" t={t} />} boot={{ titles, ...(chunks ? { chunks } : {}) }}>
      <PageHeader title={titles['code-source']} lede={t('sources.page.lede')} />
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    </ShellFrame>,
  );
}

/**
 * index.html with the frame in #root, the page's language on <html>, and the boot script first in
 * <head>, deferred. First, it is among the six requests a browser sends to a host at once (the first
 * paint names seven files) and arrives with the stylesheet the first paint waits for. Deferred, it
 * runs once the page is parsed and the stylesheet is in, ahead of the app's module script: so its
 * keys and links work when the frame appears. Async, Chromium ran it up to 300 ms after it had
 * arrived under load, after the frame was on screen in 2 of 7 starts (0 of 7 deferred), and a key
 * pressed then was lost. Never blocking: a blocking script in <head> held every other request of the
 * page until it had run (the app's script asked for ~60 ms later), and one at the end of <head>
 * held the frame's parsing (~150 ms).
 */
export function withBootFrame(html: string, locale: Locale, bootScript: string, chunks?: PageChunkNames, icon?: string): string {
  if (!html.includes(rootPlaceholder)) throw new Error(`boot-shell: index.html has no ${rootPlaceholder} to fill`);
  if (!/<html lang="[^"]*">/.test(html)) throw new Error('boot-shell: index.html has no <html lang="…">');
  if (!html.includes('</title>')) throw new Error('boot-shell: index.html has no <title>');
  return html
    .replace(/<html lang="[^"]*">/, `<html lang="${locale}">`)
    .replace(rootPlaceholder, `<div id="root">${bootFrameMarkup(locale, chunks)}</div>`)
    .replace("</title>", `</title>\n    <script defer fetchpriority="high" src="./${bootScript}"></script>${icon ? `\n    <link rel="icon" href="${iconDataUrl(icon)}" />` : ''}`);
}

/**
 * The app's icon (assets/icon.svg) for the browser tab, in the page itself: a tab then shows
 * Slipway's icon, and the browser does not ask the host for /favicon.ico (a 404) in the middle of
 * the start (issue 15). The CSP allows data: images.
 */
export function iconDataUrl(svg: string): string {
  return `data:image/svg+xml,${encodeURIComponent(svg.replace(/\s*\n\s*/g, ' ').trim())}`;
}

/** Asset paths as Vite writes them; anything else would need escaping inside an attribute. */
const assetPath = /^\.\/assets\/[\w.-]+\.js$/;

/**
 * index.html without the app's module script and its first page's module preloads: they move onto
 * the boot script's tag (data-app, data-preload), which starts them once the frame is painted
 * (src/renderer/src/boot/start-app.ts). Named in the page, they were fetched and compiled while the
 * frame was laid out and painted, and held that paint back on two cores (issue 15).
 */
export function withAppAfterFrame(html: string, bootScript: string): string {
  const scripts = [...html.matchAll(/\s*<script type="module" crossorigin src="([^"]+)"><\/script>/g)];
  if (scripts.length !== 1) throw new Error(`boot-shell: index.html names ${scripts.length} module scripts, not one`);
  const preloads = [...html.matchAll(/\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g)];
  const entry = scripts[0]?.[1] ?? '';
  const files = preloads.map((m) => m[1] ?? '');
  for (const file of [entry, ...files]) if (!assetPath.test(file)) throw new Error(`boot-shell: unexpected script path ${file}`);
  const bootTag = `<script defer fetchpriority="high" src="./${bootScript}">`;
  if (!html.includes(bootTag)) throw new Error('boot-shell: index.html has no boot script to start the app');
  let out = html;
  for (const tag of [...scripts, ...preloads]) out = out.replace(tag[0], '');
  return out.replace(bootTag, `<script defer fetchpriority="high" src="./${bootScript}" data-app="${entry}" data-preload="${files.join(' ')}">`);
}

/** A page that also preloads `file` once the app starts (a language's catalog). */
export function withAppPreload(html: string, file: string): string {
  if (!assetPath.test(file)) throw new Error(`boot-shell: unexpected script path ${file}`);
  const out = html.replace(/ data-preload="([^"]*)"/, (_m, list: string) => ` data-preload="${[...list.split(' ').filter(Boolean), file].join(' ')}"`);
  if (out === html) throw new Error('boot-shell: index.html has no data-preload to add to');
  return out;
}

/** The boot script as one classic, minified file: it must not wait for the module graph. */
async function buildBootScript(): Promise<string> {
  const { rolldown } = await import('rolldown');
  const bundle = await rolldown({ input: resolve('src/renderer/src/boot/boot.ts'), platform: 'browser', logLevel: 'warn' });
  try {
    const { output } = await bundle.generate({ format: 'iife', minify: true });
    const [chunk] = output;
    if (!chunk || chunk.type !== 'chunk' || output.length !== 1) throw new Error('boot-shell: the boot script must build to one file');
    return chunk.code;
  } finally {
    await bundle.close();
  }
}

export function bootShell(): Plugin {
  let bootScript = '';
  let chunks: PageChunkNames | undefined;
  return {
    name: 'slipway-boot-shell',
    apply: 'build',
    async buildStart() {
      const code = await buildBootScript();
      bootScript = `assets/boot-${createHash('sha256').update(code).digest('hex').slice(0, 8)}.js`;
      this.emitFile({ type: 'asset', fileName: bootScript, source: code });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        chunks = context.bundle ? pageChunkNames(context.bundle as unknown as Record<string, ChunkLike>) : undefined;
        return withBootFrame(html, 'en', bootScript, chunks, readFileSync(resolve('assets/icon.svg'), 'utf8'));
      },
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const english = bundle['index.html'];
        if (!english || english.type !== 'asset') throw new Error('boot-shell: no index.html in the bundle');
        const html = withAppAfterFrame(String(english.source), bootScript);
        english.source = html;
        const frame = `<div id="root">${bootFrameMarkup('en', chunks)}</div>`;
        for (const locale of supportedLocales) {
          if (locale === 'en') continue;
          // The app's first render in this language waits for its catalog (a chunk of its own):
          // the page preloads it with the app's script instead of after that has run.
          const catalog = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.replaceAll('\\', '/').endsWith(`/i18n/catalogs/${locale}.json`));
          if (!catalog) throw new Error(`boot-shell: no chunk for the ${locale} catalog`);
          const translated = html
            .replace('<html lang="en">', `<html lang="${locale}">`)
            .replace(frame, `<div id="root">${bootFrameMarkup(locale, chunks)}</div>`);
          const withCatalog = withAppPreload(translated, `./${catalog.fileName}`);
          if (translated === html || !withCatalog.includes(`<html lang="${locale}">`)) throw new Error(`boot-shell: could not make ${indexFileFor(locale)}`);
          this.emitFile({ type: 'asset', fileName: indexFileFor(locale), source: withCatalog });
        }
      },
    },
  };
}
