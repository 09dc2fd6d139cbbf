import type { QueryClient } from '@tanstack/react-query';
import type { Channel, MethodInput } from '../../../shared/contract';
import type { Client } from './client';
import { callQuery, cursorPagesQuery, type CursorChannel } from './query-options';

/** Reads ahead of the view that will show them, into the cache its hooks read (nothing if still fresh). */
export interface Prefetch {
  call<C extends Channel>(channel: C, input: MethodInput<C>): void;
  firstPage<C extends CursorChannel>(channel: C, input: Omit<MethodInput<C>, 'cursor'>): void;
}

export function prefetchInto(queries: QueryClient, client: Client): Prefetch {
  return {
    // A failure lands in the cache as the query's error; the view shows it when it mounts.
    call: (channel, input) => void queries.prefetchQuery(callQuery(client, channel, input)),
    firstPage: (channel, input) => void queries.prefetchInfiniteQuery(cursorPagesQuery(client, channel, input)),
  };
}
