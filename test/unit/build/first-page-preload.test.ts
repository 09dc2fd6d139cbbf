import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { firstPageChunks, type ChunkLike } from '../../../scripts/first-page-preload';
import { appStartFiles } from '../../support/page-files';

const chunk = (fileName: string, facadeModuleId: string | null, imports: string[] = [], isEntry = false): ChunkLike => ({ type: 'chunk', fileName, facadeModuleId, imports, isEntry });

test('the first page preloads its chunk and everything it imports, once each, never the entry', () => {
  const bundle = Object.fromEntries(
    [
      chunk('assets/index.js', '/app/src/main.tsx', [], true),
      chunk('assets/CodeSourcePage.js', '/app/src/features/code-source/CodeSourcePage.tsx', ['assets/index.js', 'assets/EmptyState.js', 'assets/forms.js']),
      chunk('assets/EmptyState.js', null, ['assets/index.js']),
      chunk('assets/forms.js', null, ['assets/EmptyState.js', 'assets/zod.js']),
      chunk('assets/zod.js', null, []),
      chunk('assets/BuildsPage.js', '/app/src/features/builds/BuildsPage.tsx', ['assets/index.js', 'assets/builds.js']),
      chunk('assets/builds.js', null, []),
      { type: 'asset', fileName: 'assets/index.css' } satisfies ChunkLike,
    ].map((c) => [c.fileName, c]),
  );
  assert.deepEqual(firstPageChunks(bundle, '/features/code-source/CodeSourcePage.tsx'), ['assets/CodeSourcePage.js', 'assets/EmptyState.js', 'assets/forms.js', 'assets/zod.js']);
  assert.deepEqual(firstPageChunks(bundle, '/features/nowhere/Missing.tsx'), []);
  // Windows paths in module ids.
  const windows = { 'a.js': chunk('a.js', 'C:\\app\\src\\features\\code-source\\CodeSourcePage.tsx') };
  assert.deepEqual(firstPageChunks(windows, '/features/code-source/CodeSourcePage.tsx'), ['a.js']);
});

test('the built page preloads the first page’s chunks with the app’s script, each a file that exists', { skip: !existsSync('out/renderer/index.html') && 'the renderer is not built' }, () => {
  const html = readFileSync('out/renderer/index.html', 'utf8');
  const preloads = appStartFiles(html)?.preload ?? [];
  assert.ok(preloads.some((p) => /CodeSourcePage-[\w-]+\.js$/.test(p)), html);
  for (const file of preloads) assert.ok(existsSync(`out/renderer${file}`), file);
  // zod checks forms only (the GitLab one is loaded after the first paint): not part of the first page.
  const withZod = preloads.filter((file) => readFileSync(`out/renderer${file}`, 'utf8').includes('ZodError'));
  assert.deepEqual(withZod, [], 'the first page carries zod');
});
