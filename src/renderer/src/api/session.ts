import type { EventName, EventPayload, MethodOutput } from '../../../shared/contract';
import { ApiError, type Client } from './client';
import type { LinkState, Transport } from './transport';

/**
 * What the sidebar says, and whether live data can be trusted:
 * - `reconnecting`: the event stream dropped; events may be missed until it is back;
 * - `reconnected`: it is back and every query was refetched;
 * - `restarted`: the host refuses this tab's token (it restarted with a new one): nothing is live.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'reconnected' | 'restarted';

export interface Connection {
  readonly state: ConnectionState;
  /** Grows each time the event stream comes back after a gap (or a new token), so live views can catch up. */
  readonly epoch: number;
}

export interface Session {
  /** Stable for the life of the page, whichever transport carries it now. */
  readonly client: Client;
  connection(): Connection;
  subscribe(listener: () => void): () => void;
  /** A newer address was opened in this tab: talk to the host with its token from now on. */
  replaceTransport(next: Transport): void;
  /** What to run when the stream returns (refetch everything); the state says "reconnected" once it is done. */
  onReconnect(refresh: () => Promise<unknown>): void;
}

/** How long "Reconnected" stays before the status settles to "Connected". */
const settleMs = 8_000;

export function createSession(first: Transport): Session {
  let transport = first;
  let connection: Connection = { state: first.onLink ? 'connecting' : 'connected', epoch: 0 };
  let everOpen = false;
  let refresh: () => Promise<unknown> = async () => undefined;
  let settle: ReturnType<typeof setTimeout> | undefined;
  const watchers = new Set<() => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let detach: (() => void)[] = [];

  const publish = (next: Connection) => {
    connection = next;
    for (const w of watchers) w();
  };

  const onLink = (state: LinkState) => {
    if (settle) clearTimeout(settle);
    if (state === 'refused') return publish({ ...connection, state: 'restarted' });
    if (state === 'closed' || (state === 'connecting' && everOpen)) return publish({ ...connection, state: 'reconnecting' });
    if (state !== 'open') return;
    if (!everOpen) {
      everOpen = true;
      return publish({ ...connection, state: 'connected' });
    }
    const epoch = connection.epoch + 1;
    publish({ state: 'reconnecting', epoch });
    void refresh().finally(() => {
      if (connection.epoch !== epoch || connection.state === 'restarted') return;
      publish({ state: 'reconnected', epoch });
      settle = setTimeout(() => connection.epoch === epoch && connection.state === 'reconnected' && publish({ state: 'connected', epoch }), settleMs);
    });
  };

  const attach = () => {
    detach = [...listeners.keys()].map((event) => transport.on(event, (payload) => dispatch(event, payload)));
    if (transport.onLink) detach.push(transport.onLink(onLink));
  };
  const dispatch = (event: string, payload: unknown) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  };
  attach();

  const client: Client = {
    get transport() {
      return transport.kind;
    },
    async call(channel, input) {
      const result = await transport.invoke(channel, input);
      if (!result.ok) throw new ApiError(result.error);
      // The host parsed the result against the contract before sending it.
      return result.result as MethodOutput<typeof channel>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const wrapped = listener as (payload: unknown) => void;
      let set = listeners.get(event);
      if (!set) {
        listeners.set(event, (set = new Set()));
        detach.push(transport.on(event, (payload) => dispatch(event, payload)));
      }
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };

  return {
    client,
    connection: () => connection,
    subscribe(watcher) {
      watchers.add(watcher);
      return () => watchers.delete(watcher);
    },
    replaceTransport(next) {
      for (const off of detach) off();
      transport.close?.();
      transport = next;
      // The new host is a different process: whatever the old one said may be out of date.
      everOpen = true;
      publish({ ...connection, state: 'reconnecting' });
      attach();
    },
    onReconnect(fn) {
      refresh = fn;
    },
  };
}
