import { isPhrase, phrase, type Phrase, type PhraseValue, type Text } from './i18n/phrase';
import { inEnglish } from './i18n/words';

/**
 * Every failure that crosses the contract is one of these codes, carried in an envelope with a
 * message (what went wrong) and a hint (what the user can do about it). Codes are stable: the
 * renderer and the tests branch on them, never on message text.
 */
export const errorCodes = [
  'invalid_input', // the call's input failed validation
  'unknown_method', // a channel that the contract does not declare
  'unauthenticated', // the host session token is missing or wrong
  'not_found',
  'conflict', // the thing exists already, or the state forbids the change
  'unreachable', // DNS, refused, reset: the other side could not be reached
  'tls', // the other side answered, but its certificate could not be trusted
  'timeout',
  'unauthorized', // the other side refused the credentials
  'forbidden', // the credentials are fine but lack permission
  'remote_error', // the other side answered with an error we do not classify further
  'unavailable', // a local dependency (Docker engine, git) is missing or not running
  'canceled',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorEnvelope {
  readonly code: ErrorCode;
  /** English, for logs, the API and any reader without the catalogs. */
  readonly message: string;
  readonly hint?: string;
  /** The same message and hint as catalog phrases: the renderer words these in the user's language. */
  readonly phrase?: Phrase;
  readonly hintPhrase?: Phrase;
}

/**
 * Characters that let echoed text hide or rewrite what surrounds it: C0 and C1 controls (NUL, line
 * breaks, the escape of terminal colours), bidi overrides and isolates (U+202E turns "gpj.exe" into
 * "exe.jpg"), zero-width marks and the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function escapeUnsafe(text: string, keep = ''): string {
  return text.replace(unsafeCharacters, (c) => (keep.includes(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/**
 * A value from outside (a name the user typed, a server's words) as it should appear in a message:
 * in double quotes, JSON-escaped, with every unsafe character spelled as \uXXXX, so what the reader
 * sees is exactly what was given, and nothing of it can pass for Slipway's own words.
 */
export function quote(value: unknown): string {
  return escapeUnsafe(JSON.stringify(String(value)));
}

/** A phrase whose text arguments are made as safe as a message: nothing in them can hide or rewrite. */
function safePhrase(text: Phrase, keep = ''): Phrase {
  if (!text.params) return text;
  const params: Record<string, PhraseValue> = {};
  for (const [name, value] of Object.entries(text.params)) {
    params[name] = typeof value === 'string' ? escapeUnsafe(value, keep) : isPhrase(value) ? safePhrase(value, keep) : value;
  }
  return { key: text.key, params };
}

/**
 * A failure that crosses the contract. Message and hint are catalog phrases wherever Slipway knows
 * the words in advance (so the renderer can show them in the user's language); a plain string is
 * for text Slipway only passes on (an engine's or a registry's own words), shown as received.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly phrase?: Phrase;
  readonly hintPhrase?: Phrase;

  constructor(code: ErrorCode, message: Text, hint?: Text, options?: { cause?: unknown }) {
    const messagePhrase = isPhrase(message) ? safePhrase(message) : undefined;
    // A value interpolated without quote() still cannot carry control or bidi characters out.
    super(escapeUnsafe(messagePhrase ? inEnglish(messagePhrase) : (message as string)), options);
    this.name = 'AppError';
    this.code = code;
    if (messagePhrase) this.phrase = messagePhrase;
    if (hint !== undefined) {
      // Hints may span lines on purpose (the last lines of a failed step).
      const hintPhrase = isPhrase(hint) ? safePhrase(hint, '\n') : undefined;
      this.hint = escapeUnsafe(hintPhrase ? inEnglish(hintPhrase) : (hint as string), '\n');
      if (hintPhrase) this.hintPhrase = hintPhrase;
    }
  }

  toEnvelope(): ErrorEnvelope {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.phrase ? { phrase: this.phrase } : {}),
      ...(this.hintPhrase ? { hintPhrase: this.hintPhrase } : {}),
    };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Turns anything thrown into an envelope; unknown errors keep no detail that could carry a secret. */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof AppError) return error.toEnvelope();
  return new AppError('internal', phrase('errors.internal'), phrase('errors.internalHint')).toEnvelope();
}

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    isErrorCode(v.code) &&
    typeof v.message === 'string' &&
    (v.hint === undefined || typeof v.hint === 'string') &&
    (v.phrase === undefined || isPhrase(v.phrase)) &&
    (v.hintPhrase === undefined || isPhrase(v.hintPhrase))
  );
}
