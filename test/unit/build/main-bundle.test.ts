import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../../support/temp';

/** Packages the main process may load from node_modules: native code, or Electron's own. */
const external = new Set(['better-sqlite3', 'electron', 'electron-store', 'electron-updater']);

function scripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? scripts(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : []));
}

test('the built main process loads only native and Electron packages from node_modules; pure-JS ones are bundled', { skip: !existsSync('out/main/headless.js') && 'the main process is not built' }, () => {
  const loaded = new Map<string, string>();
  for (const file of scripts('out/main')) {
    const source = readFileSync(file, 'utf8');
    // Static imports and re-exports (one per line in the bundler's output), dynamic imports, and the
    // bundler's own require for CommonJS code inside the bundle.
    const specifiers = [
      ...source.matchAll(/^(?:import|export)\b[^;'"]*?\bfrom\s*"([^"]+)"/gm),
      ...source.matchAll(/^import\s*"([^"]+)"/gm),
      ...source.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g),
      ...source.matchAll(/\b__require\(\s*"([^"]+)"\s*\)/g),
    ].map((m) => m[1] ?? '');
    for (const specifier of specifiers) {
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '')) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? '');
      loaded.set(name, file);
    }
  }
  // Node's loader reads, translates and links every file of a package it loads: zod, conf and the
  // others cost the first call about 200 ms more that way than inside the bundle (issue 15).
  const unexpected = [...loaded].filter(([name]) => !external.has(name));
  assert.deepEqual(unexpected, []);
  assert.ok(loaded.has('better-sqlite3'), 'the scan found no import at all: the pattern no longer matches the output');
});

test('the built main process parses with zod jitless: the first reads of a start compile no parser', { skip: !existsSync('out/main/headless.js') && 'the main process is not built' }, async () => {
  const chunk = readdirSync('out/main/chunks').find((name) => name.startsWith('headless-base-'));
  assert.ok(chunk, 'no headless-base chunk in out/main/chunks');
  const { openHeadlessBase } = (await import(pathToFileURL(resolve('out/main/chunks', chunk)).href)) as {
    openHeadlessBase: (dataDir: string) => { base: { close(): void }; read: (channel: string, input: unknown) => Promise<{ ok: boolean }> };
  };
  const opened = openHeadlessBase(tempDir());
  // zod writes a compiled parser with \`new Function\` at an object schema's first parse; counted here.
  const real = globalThis.Function;
  let compiled = 0;
  globalThis.Function = new Proxy(real, {
    construct(target, args: unknown[]) {
      compiled += 1;
      return Reflect.construct(target, args) as object;
    },
  });
  try {
    // Preferences are an object checked on the way in (the stored file) and out (the contract).
    const answer = await opened.read('settings:get', {});
    assert.equal(answer.ok, true);
    assert.equal((await opened.read('builds:page', { limit: 50 })).ok, true);
  } finally {
    globalThis.Function = real;
    opened.base.close();
  }
  assert.equal(compiled, 0, 'a read compiled a parser: is zod resolved to src/shared/zod-jitless.ts in the main build (electron.vite.config.ts)?');
});
