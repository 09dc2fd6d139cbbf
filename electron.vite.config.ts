import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { preloadFirstPage } from './scripts/first-page-preload';
import { bootShell } from './scripts/boot-shell';
import { eagerCommonJs } from './scripts/eager-commonjs';

/** Pure-JS dependencies the main process bundles (see `externalizeDeps` below). */
const bundledDeps = ['zod', '@octokit/core', '@octokit/oauth-app', '@formatjs/intl', '@formatjs/icu-messageformat-parser', 'tar-stream', 'ws'];

/** 'zod' as the app imports it, resolved to zod set up jitless for both builds. */
const zodJitless = { find: /^zod$/, replacement: resolve('src/shared/zod-jitless.ts') };

export default defineConfig({
  main: {
    // Every schema main builds comes from zod set up without compiled parsers (src/shared/zod-jitless.ts).
    resolve: { alias: [zodJitless] },
    build: {
      // Native and Electron-bound dependencies stay in node_modules. Pure-JS ones the core loads at
      // start are bundled: Node's ESM loader reads, translates and links each of their hundreds of
      // files one by one, which cost the first call about 200 ms more than one bundled chunk (issue 15).
      externalizeDeps: { exclude: [...bundledDeps] },
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          headless: resolve('src/main/headless.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file that requires nothing but 'electron'.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve('src/main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [preloadFirstPage('/features/code-source/CodeSourcePage.tsx'), bootShell(), eagerCommonJs()],
    // Every schema the renderer builds, its own or shared, comes from zod set up for the window's CSP.
    resolve: { alias: [zodJitless] },
    build: {
      // electron-vite leaves code unminified by default; the window's first paint parses all of it (issue 15).
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
