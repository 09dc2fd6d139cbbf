import type { CallResult } from '../../../shared/contract';

/** What the client needs from a host: one request/response call and one event subscription. */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  invoke(channel: string, input: unknown): Promise<CallResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Connection state of the event stream, for the status line. */
  onConnection?(listener: (connected: boolean) => void): () => void;
}
