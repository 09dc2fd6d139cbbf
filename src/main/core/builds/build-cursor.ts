import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';

/**
 * Where a page of the build history ends: the last row's creation time and rowid, the order the
 * `builds_created` index (created_at, then rowid) already keeps. A position, not an offset, so a
 * build added on top or deleted meanwhile neither repeats nor skips a row on the next page.
 */
export interface BuildCursor {
  readonly createdAt: string;
  readonly seq: number;
}

export function encodeCursor(cursor: BuildCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.seq])).toString('base64url');
}

export function decodeCursor(text: string): BuildCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && Number.isSafeInteger(value[1])) return { createdAt: value[0], seq: value[1] as number };
  } catch {
    // Falls through to the same refusal as a well-formed but wrong value.
  }
  throw new AppError('invalid_input', phrase('builds.errors.badCursor'), phrase('builds.errors.badCursorHint'));
}
