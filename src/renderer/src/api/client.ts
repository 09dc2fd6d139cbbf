import type { Channel, EventName, EventPayload, MethodInput, MethodOutput } from '../../../shared/contract';
import type { ErrorEnvelope } from '../../../shared/errors';
import type { Transport } from './transport';

/** A failed call, with the envelope's code, message and hint intact for the UI. */
export class ApiError extends Error implements ErrorEnvelope {
  readonly code: ErrorEnvelope['code'];
  readonly hint?: string;

  constructor(envelope: ErrorEnvelope) {
    super(envelope.message);
    this.name = 'ApiError';
    this.code = envelope.code;
    if (envelope.hint !== undefined) this.hint = envelope.hint;
  }
}

export interface Client {
  readonly transport: Transport['kind'];
  call<C extends Channel>(channel: C, input: MethodInput<C>): Promise<MethodOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onConnection(listener: (connected: boolean) => void): () => void;
}

/** One typed client whatever carries it: the Electron bridge or the headless host. */
export function createClient(transport: Transport): Client {
  return {
    transport: transport.kind,
    async call(channel, input) {
      const result = await transport.invoke(channel, input);
      if (!result.ok) throw new ApiError(result.error);
      // The host parsed the result against the contract before sending it.
      return result.result as MethodOutput<typeof channel>;
    },
    on(event, listener) {
      return transport.on(event, (payload) => listener(payload as EventPayload<typeof event>));
    },
    onConnection(listener) {
      if (!transport.onConnection) {
        listener(true);
        return () => undefined;
      }
      return transport.onConnection(listener);
    },
  };
}
