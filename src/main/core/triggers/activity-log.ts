import type { ActivityEntry } from '../../../shared/models/trigger';
import type { Db } from '../db/database';

/** The `activity` table (migration 2): what happened to a subject (an image repository's id), newest first. */
export class ActivityLog {
  readonly #insert;

  constructor(private readonly db: Db) {
    this.#insert = db.prepare('INSERT INTO activity (at, kind, subject, message) VALUES (?, ?, ?, ?)');
  }

  add(subject: string, kind: string, message: string): void {
    this.#insert.run(new Date().toISOString(), kind, subject, message);
  }

  list(subject: string, limit = 100): ActivityEntry[] {
    return this.db.prepare('SELECT id, at, kind, message FROM activity WHERE subject = ? ORDER BY id DESC LIMIT ?').all(subject, limit) as ActivityEntry[];
  }
}
