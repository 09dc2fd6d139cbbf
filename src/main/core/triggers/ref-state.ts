import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';
import { refKey, splitRefKey, type RefMap } from './remote-refs';

export interface WatchRow {
  readonly cloneUrl: string;
  readonly lastCheckedAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
  readonly failures: number;
}

interface RefRow {
  ref_kind: 'branch' | 'tag';
  ref_name: string;
  commit_sha: string;
}

/**
 * What the watcher last saw of each remote, kept in SQLite (migration 7) so that a push made while
 * the app was closed is seen as a change on the next start, and built once.
 */
export class RefStateStore {
  readonly #statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  /** Statements are compiled once: the watcher runs these for every check of every repository. */
  #sql(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  watch(repositoryId: string): WatchRow | null {
    const row = this.#sql('SELECT * FROM trigger_watch WHERE repository_id = ?').get(repositoryId) as
      | { clone_url: string; last_checked_at: string | null; last_success_at: string | null; last_error: string | null; failures: number }
      | undefined;
    return row ? { cloneUrl: row.clone_url, lastCheckedAt: row.last_checked_at, lastSuccessAt: row.last_success_at, lastError: row.last_error, failures: row.failures } : null;
  }

  /** The refs last seen, or null when this remote (this clone URL) has never been seen. */
  refs(repositoryId: string, cloneUrl: string): RefMap | null {
    const watch = this.watch(repositoryId);
    if (!watch || watch.cloneUrl !== cloneUrl || watch.lastSuccessAt === null) return null;
    const rows = this.#sql('SELECT ref_kind, ref_name, commit_sha FROM trigger_refs WHERE repository_id = ?').all(repositoryId) as RefRow[];
    return new Map(rows.map((r) => [refKey(r.ref_kind, r.ref_name), r.commit_sha]));
  }

  /** Replaces everything known about the remote (a first look, or a new clone URL). */
  reset(repositoryId: string, cloneUrl: string, refs: RefMap): void {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      this.#sql('DELETE FROM trigger_refs WHERE repository_id = ?').run(repositoryId);
      this.#ensureWatch(repositoryId, cloneUrl);
      this.#sql('UPDATE trigger_watch SET clone_url = ?, last_success_at = ? WHERE repository_id = ?').run(cloneUrl, at, repositoryId);
      const insert = this.#sql('INSERT INTO trigger_refs (repository_id, ref_kind, ref_name, commit_sha, seen_at) VALUES (?, ?, ?, ?, ?)');
      for (const [key, sha] of refs) {
        const { kind, name } = splitRefKey(key);
        insert.run(repositoryId, kind, name, sha, at);
      }
    })();
  }

  /** Records handled changes one by one: a change whose builds could not be queued stays unrecorded and is tried again. */
  apply(repositoryId: string, cloneUrl: string, changes: readonly { kind: 'branch' | 'tag'; name: string; after: string | null }[]): void {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      this.#ensureWatch(repositoryId, cloneUrl);
      const upsert = this.#sql(
        `INSERT INTO trigger_refs (repository_id, ref_kind, ref_name, commit_sha, seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (repository_id, ref_kind, ref_name) DO UPDATE SET commit_sha = excluded.commit_sha, seen_at = excluded.seen_at`,
      );
      const remove = this.#sql('DELETE FROM trigger_refs WHERE repository_id = ? AND ref_kind = ? AND ref_name = ?');
      for (const c of changes) {
        if (c.after === null) remove.run(repositoryId, c.kind, c.name);
        else upsert.run(repositoryId, c.kind, c.name, c.after, at);
      }
    })();
  }

  checked(repositoryId: string, cloneUrl: string, error: string | null): WatchRow {
    const at = new Date().toISOString();
    this.#ensureWatch(repositoryId, cloneUrl);
    if (error === null) {
      this.#sql('UPDATE trigger_watch SET last_checked_at = ?, last_success_at = ?, last_error = NULL, failures = 0 WHERE repository_id = ?').run(at, at, repositoryId);
    } else {
      this.#sql('UPDATE trigger_watch SET last_checked_at = ?, last_error = ?, failures = failures + 1 WHERE repository_id = ?').run(at, error, repositoryId);
    }
    return this.watch(repositoryId) as WatchRow;
  }

  #ensureWatch(repositoryId: string, cloneUrl: string): void {
    this.#sql('INSERT INTO trigger_watch (repository_id, clone_url) VALUES (?, ?) ON CONFLICT (repository_id) DO NOTHING').run(repositoryId, cloneUrl);
  }
}
