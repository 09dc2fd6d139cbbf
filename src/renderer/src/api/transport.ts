import type { CallResult } from '../../../shared/contract';

/**
 * How the event stream stands. `refused` is final for a transport: the host no longer accepts its
 * session token (it was restarted and printed a new address), so retrying would only spin.
 */
export type LinkState = 'connecting' | 'open' | 'closed' | 'refused';

/** What the client needs from a host: one request/response call and one event subscription. */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  invoke(channel: string, input: unknown): Promise<CallResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** State of the event stream, for the status line and for refetching after a gap. */
  onLink?(listener: (state: LinkState) => void): () => void;
  /** Stops the event stream for good (a newer token replaced this transport). */
  close?(): void;
}
