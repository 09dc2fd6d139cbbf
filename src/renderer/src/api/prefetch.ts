import type { QueryClient } from '@tanstack/react-query';
import type { Channel, MethodInput } from '../../../shared/contract';
import type { Client } from './client';
import { callQuery, cursorPagesQuery, type CursorChannel } from './query-options';

/** Reads ahead of the view that will show them, into the cache its hooks read (nothing if still fresh). */
export interface Prefetch {
  call<C extends Channel>(channel: C, input: MethodInput<C>): void;
  firstPage<C extends CursorChannel>(channel: C, input: Omit<MethodInput<C>, 'cursor'>): void;
  /** Settles once every read asked for so far is in the cache, answered or failed. */
  settled(): Promise<void>;
}

export function prefetchInto(queries: QueryClient, client: Client): Prefetch {
  const pending = new Set<Promise<void>>();
  const track = (read: Promise<void>): void => {
    pending.add(read);
    void read.finally(() => pending.delete(read));
  };
  return {
    // A failure lands in the cache as the query's error; the view shows it when it mounts.
    call: (channel, input) => track(queries.prefetchQuery(callQuery(client, channel, input))),
    firstPage: (channel, input) => track(queries.prefetchInfiniteQuery(cursorPagesQuery(client, channel, input))),
    settled: () => Promise.allSettled([...pending]).then(() => undefined),
  };
}
