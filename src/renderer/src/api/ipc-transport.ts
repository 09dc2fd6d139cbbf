import type { CallResult } from '../../../shared/contract';
import type { Transport } from './transport';

interface Bridge {
  invoke(channel: string, input: unknown): Promise<CallResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Present only inside the Electron window, put there by the sandboxed preload. */
export function findBridge(): Bridge | undefined {
  const candidate = (window as unknown as { slipway?: Bridge }).slipway;
  return candidate && typeof candidate.invoke === 'function' ? candidate : undefined;
}

export function createIpcTransport(bridge: Bridge): Transport {
  return {
    kind: 'ipc',
    invoke: (channel, input) => bridge.invoke(channel, input),
    on: (event, listener) => bridge.on(event, listener),
  };
}
