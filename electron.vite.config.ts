import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { preloadFirstPage } from './scripts/first-page-preload';

export default defineConfig({
  main: {
    build: {
      // Dependencies stay in node_modules (native better-sqlite3 among them); only our code is bundled.
      externalizeDeps: true,
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
    plugins: [preloadFirstPage('/features/code-source/CodeSourcePage.tsx')],
    build: {
      // electron-vite leaves code unminified by default; the window's first paint parses all of it (issue 15).
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
