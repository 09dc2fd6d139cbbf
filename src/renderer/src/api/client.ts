import type { Channel, EventName, EventPayload, MethodInput, MethodOutput } from '../../../shared/contract';
import type { ErrorEnvelope } from '../../../shared/errors';
import type { Phrase } from '../../../shared/i18n/phrase';

/** A failed call, with the envelope's code, message and hint intact for the UI. */
export class ApiError extends Error implements ErrorEnvelope {
  readonly code: ErrorEnvelope['code'];
  readonly hint?: string;
  readonly phrase?: Phrase;
  readonly hintPhrase?: Phrase;

  constructor(envelope: ErrorEnvelope) {
    super(envelope.message);
    this.name = 'ApiError';
    this.code = envelope.code;
    if (envelope.hint !== undefined) this.hint = envelope.hint;
    if (envelope.phrase !== undefined) this.phrase = envelope.phrase;
    if (envelope.hintPhrase !== undefined) this.hintPhrase = envelope.hintPhrase;
  }
}

/** The typed contract, whatever carries it. Feature code reaches it only through the hooks in api/. */
export interface Client {
  readonly transport: 'ipc' | 'http';
  call<C extends Channel>(channel: C, input: MethodInput<C>): Promise<MethodOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
