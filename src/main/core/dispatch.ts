import { methods, isChannel, type CallResult, type Channel, type MethodOutput, type ParsedInput } from '../../shared/contract';
import { AppError, quote, toErrorEnvelope } from '../../shared/errors';
import { phrase } from '../../shared/i18n/phrase';
import { issuePhrase } from '../../shared/i18n/zod-issue';

export type Handlers = {
  readonly [C in Channel]: (input: ParsedInput<C>) => Promise<MethodOutput<C>> | MethodOutput<C>;
};

export type Dispatch = (channel: string, input: unknown) => Promise<CallResult<unknown>>;

export interface DispatchOptions {
  /** Where unexpected errors are reported; never given the call's input, which may hold a password. */
  readonly onInternalError?: (channel: string, error: unknown) => void;
}

/**
 * The single entry point both transports use: unknown channels and invalid input are refused with
 * an envelope, results are parsed against the contract so undeclared fields never leave main.
 */
export function createDispatch(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  return dispatchOver(handlers, options);
}

/**
 * The same door over some channels only: what the stores answer before the rest of the core is
 * read (base.ts). A channel it has no handler for is refused as unknown.
 */
export function createPartialDispatch(handlers: Partial<Handlers>, options: DispatchOptions = {}): Dispatch {
  return dispatchOver(handlers, options);
}

function dispatchOver(handlers: Partial<Handlers>, options: DispatchOptions): Dispatch {
  return async (channel, rawInput) => {
    try {
      if (!isChannel(channel) || !handlers[channel]) {
        throw new AppError('unknown_method', phrase('errors.unknownMethod', { name: quote(String(channel).slice(0, 80)) }), phrase('errors.unknownMethodHint'));
      }
      return { ok: true, result: await invoke(handlers, channel, rawInput) };
    } catch (error) {
      if (!(error instanceof AppError)) options.onInternalError?.(channel, error);
      return { ok: false, error: toErrorEnvelope(error) };
    }
  };
}

async function invoke<C extends Channel>(handlers: Partial<Handlers>, channel: C, rawInput: unknown): Promise<MethodOutput<C>> {
  const spec = methods[channel];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // zod's own wording repeats unknown keys verbatim: they are the caller's, so issuePhrase quotes them.
    const what = issue ? issuePhrase(issue) : phrase('validation.invalid');
    const message = issue && issue.path.length > 0 ? phrase('errors.invalidField', { field: fieldPath(issue.path), detail: what }) : what;
    throw new AppError('invalid_input', message, phrase('errors.checkField'));
  }
  const handler = handlers[channel] as (input: unknown) => Promise<unknown> | unknown;
  const result = await handler(parsed.data);
  return spec.output.parse(result) as MethodOutput<C>;
}

/** `spec.tags.0.template`; a key that is not a plain name (a record key the caller chose) is quoted. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' || (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) ? String(key) : quote(String(key)))).join('.');
}
