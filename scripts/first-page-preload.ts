/**
 * The window always opens on one page (Code Source: the address carries no route, only the
 * session token). Its chunk and the chunks it imports were fetched only once the main script had
 * run (about 0.3 s of parsing here); named in index.html as module preloads, they download and
 * compile beside the main script, and the host starts reading its core once they are out (issue 15).
 */
import type { Plugin } from 'vite';

/** The part of a Rollup/Rolldown output chunk this reads. */
export interface ChunkLike {
  readonly type: 'chunk' | 'asset';
  readonly fileName: string;
  readonly facadeModuleId?: string | null;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
}

/** The page's chunk and every chunk it imports statically, the entry excluded, in load order. */
export function firstPageChunks(bundle: Readonly<Record<string, ChunkLike>>, pageModuleSuffix: string): string[] {
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
  const page = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(pageModuleSuffix));
  if (!page) return [];
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const visit = (chunk: ChunkLike) => {
    if (seen.has(chunk.fileName) || chunk.isEntry) return;
    seen.add(chunk.fileName);
    for (const name of chunk.imports ?? []) {
      const imported = byName.get(name);
      if (imported) visit(imported);
    }
  };
  visit(page);
  return [...seen];
}

export function preloadFirstPage(pageModuleSuffix: string): Plugin {
  return {
    name: 'slipway-preload-first-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        const files = context.bundle ? firstPageChunks(context.bundle as unknown as Record<string, ChunkLike>, pageModuleSuffix) : [];
        // A renamed page must not silently lose its preload: the build says so.
        if (context.bundle && files.length === 0) throw new Error(`preloadFirstPage: no chunk for ${pageModuleSuffix}`);
        return files.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}
