import type { Statement } from 'better-sqlite3';
import { isPhrase, type Text } from '../../../shared/i18n/phrase';
import { storedPhrase } from '../../../shared/i18n/phrase-schema';
import { inEnglish } from '../../../shared/i18n/translate';
import { phrase as wordedAs } from '../../../shared/i18n/phrase';
import type { ActivityEntry, ActivityPage } from '../../../shared/models/trigger';
import type { Db } from '../db/database';
import { decodeCursor, encodeCursor } from '../db/page-cursor';

/** Entries kept per subject: a busy repository's branch pushes must not grow the database forever. */
const keep = 500;

interface Row {
  readonly id: number;
  readonly at: string;
  readonly kind: string;
  readonly message: string;
  readonly phrase: string | null;
}

function toEntry({ phrase: json, ...entry }: Row): ActivityEntry {
  const phrase = storedPhrase(json);
  return phrase ? { ...entry, phrase } : entry;
}

/**
 * The `activity` table (migration 2): what happened to a subject (an image repository's id), newest
 * first. Each line is kept in English and, since migration 10, as the phrase the renderer words.
 */
export class ActivityLog {
  readonly #insert: Statement;
  readonly #prune: Statement;
  #sinceprune = 0;

  constructor(private readonly db: Db) {
    this.#insert = db.prepare('INSERT INTO activity (at, kind, subject, message, phrase) VALUES (?, ?, ?, ?, ?)');
    this.#prune = db.prepare('DELETE FROM activity WHERE subject = ? AND id < (SELECT id FROM activity WHERE subject = ? ORDER BY id DESC LIMIT 1 OFFSET ?)');
  }

  add(subject: string, kind: string, text: Text): void {
    const phrase = isPhrase(text) ? JSON.stringify(text) : null;
    this.#insert.run(new Date().toISOString(), kind, subject, isPhrase(text) ? inEnglish(text) : text, phrase);
    if (++this.#sinceprune >= 50) {
      this.#sinceprune = 0;
      this.#prune.run(subject, subject, keep - 1);
    }
  }

  list(subject: string, limit = 100): ActivityEntry[] {
    const rows = this.db.prepare('SELECT id, at, kind, message, phrase FROM activity WHERE subject = ? ORDER BY id DESC LIMIT ?').all(subject, limit) as Row[];
    return rows.map(toEntry);
  }

  /** One page, newest first, and where the next one starts (null on the last): `id` only grows, so it alone orders the lines. */
  page(subject: string, limit: number, cursor?: string): ActivityPage {
    const [before] = cursor ? decodeCursor(cursor, ['number'], { message: wordedAs('triggers.errors.badCursor'), hint: wordedAs('triggers.errors.badCursorHint') }) : [Number.MAX_SAFE_INTEGER];
    // One row more than asked tells whether another page exists without counting the rest.
    const rows = this.db.prepare('SELECT id, at, kind, message, phrase FROM activity WHERE subject = ? AND id < ? ORDER BY id DESC LIMIT ?').all(subject, before, limit + 1) as Row[];
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items: rows.slice(0, limit).map(toEntry), next: last ? encodeCursor([last.id]) : null };
  }
}
