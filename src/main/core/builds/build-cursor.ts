import { phrase } from '../../../shared/i18n/phrase';
import { decodeCursor as decodeKey, encodeCursor as encodeKey } from '../db/page-cursor';

/** Where a page of the build history ends: the last row's creation time and rowid, the order the `builds_created` index (created_at, then rowid) already keeps. */
export interface BuildCursor {
  readonly createdAt: string;
  readonly seq: number;
}

export function encodeCursor(cursor: BuildCursor): string {
  return encodeKey([cursor.createdAt, cursor.seq]);
}

export function decodeCursor(text: string): BuildCursor {
  const [createdAt, seq] = decodeKey(text, ['string', 'number'], { message: phrase('builds.errors.badCursor'), hint: phrase('builds.errors.badCursorHint') });
  return { createdAt, seq };
}
