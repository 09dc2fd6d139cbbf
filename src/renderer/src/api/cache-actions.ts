import type { Channel, MethodInput, MethodOutput } from '../../../shared/contract';

/**
 * A change to the query cache, as data: the event and mutation maps return these, so which event
 * touches which query can be read in one place and tested in plain Node without a QueryClient.
 */
export type CacheAction =
  | { readonly kind: 'set'; readonly channel: Channel; readonly input: object; readonly data: unknown }
  /** Applied to every cached query of the channel; returning `data` unchanged leaves it alone. */
  | { readonly kind: 'update'; readonly channel: Channel; readonly update: (input: object, data: unknown) => unknown }
  /** Every query of the channel whose input contains `input` (all of them without it) is refetched. */
  | { readonly kind: 'invalidate'; readonly channel: Channel; readonly input?: object };

export function setQuery<C extends Channel>(channel: C, input: MethodInput<C>, data: MethodOutput<C>): CacheAction {
  return { kind: 'set', channel, input: input as object, data };
}

export function updateQueries<C extends Channel>(channel: C, update: (input: MethodInput<C>, data: MethodOutput<C>) => MethodOutput<C>): CacheAction {
  return { kind: 'update', channel, update: update as (input: object, data: unknown) => unknown };
}

/** What TanStack's infinite queries cache under [channel, input, 'pages']: the pages read so far. */
export interface PagedData<T> {
  readonly pages: readonly T[];
  readonly pageParams: readonly unknown[];
}

/** Like updateQueries, for a channel read page by page (useContractCursorPages). */
export function updatePages<C extends Channel>(channel: C, update: (input: MethodInput<C>, data: PagedData<MethodOutput<C>>) => PagedData<MethodOutput<C>>): CacheAction {
  return { kind: 'update', channel, update: update as (input: object, data: unknown) => unknown };
}

export function invalidate<C extends Channel>(channel: C, input?: Partial<MethodInput<C>>): CacheAction {
  return input === undefined ? { kind: 'invalidate', channel } : { kind: 'invalidate', channel, input: input as object };
}

/** The cache key of one call: the contract channel and its input. */
export function queryKey<C extends Channel>(channel: C, input: MethodInput<C>): readonly [C, object] {
  return [channel, (input ?? {}) as object];
}
