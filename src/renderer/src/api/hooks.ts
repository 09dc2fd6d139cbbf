import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { Channel, EventName, EventPayload, MethodInput, MethodOutput } from '../../../shared/contract';
import { applyActions } from './apply-actions';
import { callQuery, cursorPagesQuery, type CursorChannel } from './query-options';
import type { ApiError } from './client';
import { useClient, useSession } from './context';
import { toProblem, type Problem } from './problem';
import type { Connection } from './session';

export type { CursorChannel } from './query-options';

export type ContractQuery<C extends Channel> = UseQueryResult<MethodOutput<C>, ApiError> & { readonly problem: Problem | undefined };

/** One contract call as cached server state, kept current by the event map and refetched after a reconnect. */
export interface QueryOptions<C extends Channel> {
  readonly enabled?: boolean;
  /** Look again every so often while this says so (a state only the host can move on). */
  readonly refetchInterval?: (data: MethodOutput<C> | undefined) => number | false;
}

export function useContractQuery<C extends Channel>(channel: C, input: MethodInput<C>, options: QueryOptions<C> = {}): ContractQuery<C> {
  const client = useClient();
  const query = useQuery<MethodOutput<C>, ApiError>({
    ...callQuery(client, channel, input),
    enabled: options.enabled ?? true,
    ...(options.refetchInterval ? { refetchInterval: (q: { state: { data: MethodOutput<C> | undefined } }) => options.refetchInterval?.(q.state.data) ?? false } : {}),
  });
  return Object.assign(query, { problem: query.error ? toProblem(query.error) : undefined });
}

type PagedChannel = 'sources:repositories' | 'sources:refs';
type PagedItem<C extends PagedChannel> = MethodOutput<C>['items'][number];

export interface ContractPages<C extends PagedChannel> {
  readonly items: readonly PagedItem<C>[] | undefined;
  readonly hasMore: boolean;
  readonly loadMore: () => void;
  readonly loadingMore: boolean;
  readonly problem: Problem | undefined;
}

/** A paged list ("Load more"): the pages read so far, cached under the input without its page number. */
export function useContractPages<C extends PagedChannel>(channel: C, input: Omit<MethodInput<C>, 'page'>, options: { readonly enabled?: boolean } = {}): ContractPages<C> {
  const client = useClient();
  const query = useInfiniteQuery({
    queryKey: [channel, input as object, 'pages'],
    queryFn: ({ pageParam }) => client.call(channel, { ...input, page: pageParam } as MethodInput<C>),
    initialPageParam: 1,
    getNextPageParam: (last: MethodOutput<C>, all: MethodOutput<C>[]) => (last.hasMore ? all.length + 1 : undefined),
    enabled: options.enabled ?? true,
  });
  return {
    items: query.data?.pages.flatMap((p) => p.items as PagedItem<C>[]),
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
    loadingMore: query.isFetchingNextPage,
    problem: query.error ? toProblem(query.error) : undefined,
  };
}

type CursorItem<C extends CursorChannel> = MethodOutput<C>['items'][number];

/** A list read by cursor (query-options.ts): the pages read so far. */
export interface ContractCursorPages<C extends CursorChannel> extends Omit<ContractPages<PagedChannel>, 'items'> {
  readonly items: readonly CursorItem<C>[] | undefined;
}

export interface CursorPagesOptions<C extends CursorChannel> {
  readonly enabled?: boolean;
  /** Read every loaded page again every so often while this says so, given the rows read so far. */
  readonly refetchInterval?: (items: readonly CursorItem<C>[]) => number | false;
}

export function useContractCursorPages<C extends CursorChannel>(channel: C, input: Omit<MethodInput<C>, 'cursor'>, options: CursorPagesOptions<C> = {}): ContractCursorPages<C> {
  const client = useClient();
  const { refetchInterval } = options;
  const query = useInfiniteQuery({
    ...cursorPagesQuery(client, channel, input),
    enabled: options.enabled ?? true,
    ...(refetchInterval ? { refetchInterval: (q: { state: { data: { pages: MethodOutput<C>[] } | undefined } }) => refetchInterval(q.state.data?.pages.flatMap((p) => p.items as CursorItem<C>[]) ?? []) } : {}),
  });
  return {
    items: query.data?.pages.flatMap((p) => p.items as CursorItem<C>[]),
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
    loadingMore: query.isFetchingNextPage,
    problem: query.error ? toProblem(query.error) : undefined,
  };
}

export type ContractMutation<C extends Channel> = UseMutationResult<MethodOutput<C>, ApiError, MethodInput<C>> & {
  /** The last failure of this action, to show beside the control that started it. */
  readonly problem: Problem | undefined;
};

/** One action: on success the queries it changes are refetched; its error stays with the caller. */
export function useContractMutation<C extends Channel>(channel: C): ContractMutation<C> {
  const client = useClient();
  const queries = useQueryClient();
  const mutation = useMutation<MethodOutput<C>, ApiError, MethodInput<C>>({
    mutationFn: (input) => client.call(channel, input),
    // The map names channels from the contract (zod schemas and all): read after the first paint.
    onSuccess: () => void import('./mutation-effects').then(({ mutationEffects }) => applyActions(queries, mutationEffects(channel))),
  });
  return Object.assign(mutation, { problem: mutation.error ? toProblem(mutation.error) : undefined });
}

/** A true stream (a build's log lines, the end of an OAuth flow) heard by the one view that needs it. */
export function useContractEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const client = useClient();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(event, (payload) => latest.current(payload)), [client, event]);
}

/** Reads a build log page by page: a plain call, since a log is appended to, not cached. */
export function useLogReader(): (input: MethodInput<'builds:log'>) => Promise<MethodOutput<'builds:log'>> {
  const client = useClient();
  return useCallback((input) => client.call('builds:log', input), [client]);
}

export function useConnection(): Connection {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, session.connection);
}

/** False once the host refused this tab: what is on screen stopped being live. */
export function useLive(): boolean {
  return useConnection().state !== 'restarted';
}
