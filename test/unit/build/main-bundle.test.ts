import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

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
