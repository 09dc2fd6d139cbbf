import type { MessageKey } from './catalogs';

/** A value a message interpolates: text, a number, or another phrase worded in the same language. */
export type PhraseValue = string | number | Phrase;

/**
 * A sentence as data: a catalog key and its arguments. Core builds these so the renderer (or the
 * tray, or the OAuth landing page) can word them in the reader's language; English wording comes
 * from the same catalog.
 */
export interface Phrase {
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, PhraseValue>>;
}

/** Text shown to a user: a phrase to word, or a string shown as received (an engine's own words). */
export type Text = string | Phrase;

export function phrase(key: MessageKey, params?: Readonly<Record<string, PhraseValue>>): Phrase {
  return params === undefined ? { key } : { key, params };
}

export function isPhrase(value: unknown): value is Phrase {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string';
}
