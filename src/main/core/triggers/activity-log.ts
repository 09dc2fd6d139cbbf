import type { Statement } from 'better-sqlite3';
import type { ActivityEntry } from '../../../shared/models/trigger';
import type { Db } from '../db/database';

/** Entries kept per subject: a busy repository's branch pushes must not grow the database forever. */
const keep = 500;

/** The `activity` table (migration 2): what happened to a subject (an image repository's id), newest first. */
export class ActivityLog {
  readonly #insert: Statement;
  readonly #prune: Statement;
  #sinceprune = 0;

  constructor(private readonly db: Db) {
    this.#insert = db.prepare('INSERT INTO activity (at, kind, subject, message) VALUES (?, ?, ?, ?)');
    this.#prune = db.prepare('DELETE FROM activity WHERE subject = ? AND id < (SELECT id FROM activity WHERE subject = ? ORDER BY id DESC LIMIT 1 OFFSET ?)');
  }

  add(subject: string, kind: string, message: string): void {
    this.#insert.run(new Date().toISOString(), kind, subject, message);
    if (++this.#sinceprune >= 50) {
      this.#sinceprune = 0;
      this.#prune.run(subject, subject, keep - 1);
    }
  }

  list(subject: string, limit = 100): ActivityEntry[] {
    return this.db.prepare('SELECT id, at, kind, message FROM activity WHERE subject = ? ORDER BY id DESC LIMIT ?').all(subject, limit) as ActivityEntry[];
  }
}
