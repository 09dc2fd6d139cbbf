import { AppError } from '../../../shared/errors';
import type { Phrase } from '../../../shared/i18n/phrase';

/**
 * Where a page of a list ends, as the values of its sort key on the last row read: a position, not
 * an offset, so rows added on top or deleted meanwhile neither repeat nor skip a row on the next
 * page. Opaque to callers (base64url of the key), checked against the key's shape on the way back.
 */
type KeyPart = 'string' | 'number';
type KeyOf<S extends readonly KeyPart[]> = { -readonly [I in keyof S]: S[I] extends 'string' ? string : number };

/** The worded refusal of a cursor that is not one this list gave out. */
export interface CursorRefusal {
  readonly message: Phrase;
  readonly hint: Phrase;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<const S extends readonly KeyPart[]>(text: string, shape: S, refusal: CursorRefusal): KeyOf<S> {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const fits = (v: unknown, part: KeyPart) => (part === 'string' ? typeof v === 'string' : Number.isSafeInteger(v));
    if (Array.isArray(value) && value.length === shape.length && shape.every((part, i) => fits(value[i], part))) return value as KeyOf<S>;
  } catch {
    // Falls through to the same refusal as a well-formed but wrong value.
  }
  throw new AppError('invalid_input', refusal.message, refusal.hint);
}
