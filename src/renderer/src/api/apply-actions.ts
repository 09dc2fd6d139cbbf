import type { QueryClient } from '@tanstack/react-query';
import type { EventName } from '../../../shared/contract';
import type { CacheAction } from './cache-actions';
import type { Client } from './client';
import { effectsOf, eventEffects } from './event-effects';

export function applyActions(queries: QueryClient, actions: readonly CacheAction[]): Promise<unknown> {
  const pending: Promise<unknown>[] = [];
  for (const action of actions) {
    if (action.kind === 'set') queries.setQueryData([action.channel, action.input], action.data);
    else if (action.kind === 'invalidate') pending.push(queries.invalidateQueries({ queryKey: action.input ? [action.channel, action.input] : [action.channel] }));
    else
      for (const [key, data] of queries.getQueriesData({ queryKey: [action.channel] })) {
        if (data === undefined) continue;
        const next = action.update((key[1] ?? {}) as object, data);
        if (next !== data) queries.setQueryData(key, next);
      }
  }
  return Promise.all(pending);
}

/** Every contract event, for the life of the page, turned into the cache changes the map names. */
export function feedCacheFromEvents(client: Client, queries: QueryClient): () => void {
  // The map's keys are every event (its type says so), and reading them needs no schema (zod) at start.
  const offs = (Object.keys(eventEffects) as EventName[]).map((event) => client.on(event, (payload) => void applyActions(queries, effectsOf(event, payload as never))));
  return () => offs.forEach((off) => off());
}
