import type { Channel, MethodInput, MethodOutput } from '../../../shared/contract';
import { queryKey } from './cache-actions';
import type { Client } from './client';

export type CursorChannel = 'builds:page' | 'webhooks:page' | 'activity:page';

/**
 * How one call is cached and read. The hooks and the reads a page asks for ahead of its render
 * (route-data.ts) take it from here, so both land under the same key and one never repeats the other.
 */
export function callQuery<C extends Channel>(client: Client, channel: C, input: MethodInput<C>) {
  return { queryKey: queryKey(channel, input), queryFn: (): Promise<MethodOutput<C>> => client.call(channel, input) };
}

/**
 * A list read by cursor (each page names where the next starts), cached under [channel, input,
 * 'pages'] so the event map can keep it live (updatePages).
 */
export function cursorPagesQuery<C extends CursorChannel>(client: Client, channel: C, input: Omit<MethodInput<C>, 'cursor'>) {
  return {
    queryKey: [channel, input as object, 'pages'] as const,
    queryFn: ({ pageParam }: { readonly pageParam: string }): Promise<MethodOutput<C>> => client.call(channel, { ...input, ...(pageParam ? { cursor: pageParam } : {}) } as MethodInput<C>),
    initialPageParam: '',
    // A refetch (an event, the interval) reads page one again and each later page from the new
    // `next` of the one before, so a row added on top shifts the pages instead of repeating.
    getNextPageParam: (last: MethodOutput<C>): string | undefined => last.next ?? undefined,
  };
}
