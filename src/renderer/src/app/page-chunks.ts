import type { ComponentType } from 'react';

/**
 * Pages as chunks, each loaded once. A page whose chunk has arrived renders at once: no suspension,
 * so no fallback and no reveal delay. React holds back a Suspense boundary's content for up to
 * 300 ms after its fallback showed, and `lazy()` suspends on its first render even when the module
 * is already here, so every first visit of a page waited for nothing (issue 15).
 */
export interface PageChunks<Id extends string> {
  /** The page's component if its chunk has been evaluated. */
  ready(id: Id): ComponentType | undefined;
  /**
   * The page's component, its chunk fetched once. A load that failed stays failed, as the browser
   * keeps a failed module import: asking again would only render, suspend and fail in a loop; the
   * window offers a reload instead (PageLoadBoundary).
   */
  load(id: Id): Promise<ComponentType>;
}

export function pageChunks<Id extends string>(loaders: Readonly<Record<Id, () => Promise<ComponentType>>>): PageChunks<Id> {
  const ready = new Map<Id, ComponentType>();
  const loading = new Map<Id, Promise<ComponentType>>();
  return {
    ready: (id) => ready.get(id),
    load(id) {
      const known = loading.get(id);
      if (known) return known;
      const started = loaders[id]().then((page) => {
        ready.set(id, page);
        return page;
      });
      // Seen as handled here: the failure reaches the user through the page that asks for it.
      started.catch(() => undefined);
      loading.set(id, started);
      return started;
    },
  };
}
