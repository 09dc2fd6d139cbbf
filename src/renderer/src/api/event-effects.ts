import type { EventName, EventPayload, MethodInput, MethodOutput } from '../../../shared/contract';
import type { Build } from '../../../shared/models/build';
import { finishedStatuses } from '../../../shared/models/build-status';
import { invalidate, setQuery, updatePages, updateQueries, type CacheAction, type PagedData } from './cache-actions';

type BuildFilter = Omit<MethodInput<'builds:list'>, 'limit' | 'before'>;
type BuildPages = PagedData<MethodOutput<'builds:page'>>;

/** Whether a build belongs in a list asked for with this filter. */
export function buildMatches(build: Build, filter: BuildFilter): boolean {
  return (
    (!filter.repositoryId || build.repositoryId === filter.repositoryId) &&
    (!filter.status || build.status === filter.status) &&
    (!filter.ref || build.ref.name === filter.ref) &&
    (!filter.ruleId || build.ruleId === filter.ruleId)
  );
}

/** A list kept live: the build replaced in place, added on top when new and matching, dropped when it no longer matches. */
export function placeBuild(list: MethodOutput<'builds:list'>, build: Build, filter: MethodInput<'builds:list'>): MethodOutput<'builds:list'> {
  const i = list.findIndex((b) => b.id === build.id);
  if (!buildMatches(build, filter)) return i === -1 ? list : list.filter((b) => b.id !== build.id);
  if (i === -1) return filter.before ? list : [build, ...list].slice(0, filter.limit ?? 100);
  const next = [...list];
  next[i] = build;
  return next;
}

/**
 * The paged history kept live the same way: a build on a loaded page is replaced or dropped there;
 * a new matching one goes where its creation time puts it among the rows read so far (on top, for
 * a build just queued). One older than every loaded row is left for the page that will hold it.
 */
export function placeBuildInPages(data: BuildPages, build: Build, filter: BuildFilter): BuildPages {
  const matches = buildMatches(build, filter);
  const at = data.pages.findIndex((page) => page.items.some((b) => b.id === build.id));
  if (at !== -1) {
    const pages = data.pages.map((page, i) => (i !== at ? page : { ...page, items: matches ? page.items.map((b) => (b.id === build.id ? build : b)) : page.items.filter((b) => b.id !== build.id) }));
    return { ...data, pages };
  }
  if (!matches || data.pages.length === 0) return data;
  for (let p = 0; p < data.pages.length; p++) {
    const page = data.pages[p]!;
    const before = page.items.findIndex((b) => b.createdAt <= build.createdAt);
    const lastPage = p === data.pages.length - 1;
    if (before === -1 && !(lastPage && page.next === null)) continue;
    const index = before === -1 ? page.items.length : before;
    const items = [...page.items.slice(0, index), build, ...page.items.slice(index)];
    return { ...data, pages: data.pages.map((other, i) => (i === p ? { ...page, items } : other)) };
  }
  return data;
}

/**
 * THE map from the contract's events to the queries they change. Typed over every event, so a new
 * event in the contract does not compile until someone decides what it refreshes. Streams that
 * feed a single view (build logs, OAuth flow endings) are also heard there, through useContractEvent.
 */
export const eventEffects: { readonly [E in EventName]: (payload: EventPayload<E>) => readonly CacheAction[] } = {
  // The watcher's interval and the push-hook listener are preferences too.
  'settings:changed': (preferences) => [setQuery('settings:get', {}, preferences), invalidate('triggers:status'), invalidate('triggers:hookInfo')],
  'app:update': (status) => [setQuery('app:update', {}, status)],
  'sources:changed': (sources) => [setQuery('sources:list', {}, sources)],
  'sources:flow': () => [invalidate('sources:list')],
  'builds:changed': (build) => [
    updateQueries('builds:list', (filter, list) => placeBuild(list, build, filter)),
    updatePages('builds:page', (filter, pages) => placeBuildInPages(pages, build, filter)),
    updateQueries('builds:get', (input, detail) => (input.id === build.id ? { ...detail, build } : detail)),
    // A finished build may have pushed tags and written the repository's activity.
    ...(finishedStatuses.includes(build.status) ? [invalidate('tags:list', { repositoryId: build.repositoryId }), invalidate('activity:list', { subject: build.repositoryId }), invalidate('activity:page', { subject: build.repositoryId })] : []),
    // A build queued, started or ended changes some builder's load (running, waiting).
    invalidate('builders:list'),
  ],
  // Lines of one build's log: only its page holds them (see use-build.ts), nothing is cached.
  'builds:log': () => [],
  'builds:steps': ({ buildId, steps }) => [updateQueries('builds:get', (input, detail) => (input.id === buildId ? { ...detail, steps } : detail))],
  // The event carries a summary, not the delivery: its pages are read again (each from the new `next`
  // of the page before), so a new delivery lands on top and a retry's attempt shows where it is.
  'webhooks:delivery': (delivery) => [
    invalidate('webhooks:history', { webhookId: delivery.webhookId }),
    invalidate('webhooks:page', { webhookId: delivery.webhookId }),
    invalidate('webhooks:list', { repositoryId: delivery.repositoryId }),
  ],
  // Health, capabilities, settings or load: the list is answered from the pool's cache, so refetching is cheap.
  'builders:changed': () => [invalidate('builders:list')],
  'triggers:status': (status) => [
    updateQueries('triggers:status', (input, list) => {
      if (input.repositoryId && input.repositoryId !== status.repositoryId) return list;
      const i = list.findIndex((s) => s.repositoryId === status.repositoryId);
      return i === -1 ? [...list, status] : list.map((s, j) => (j === i ? status : s));
    }),
    invalidate('activity:list', { subject: status.repositoryId }),
    invalidate('activity:page', { subject: status.repositoryId }),
  ],
};

export function effectsOf<E extends EventName>(event: E, payload: EventPayload<E>): readonly CacheAction[] {
  return eventEffects[event](payload);
}
