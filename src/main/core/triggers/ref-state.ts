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
 * the app was closed is seen as a change on the next start, and built once. This store is the only
 * writer of its two tables, so it keeps what it read or wrote in memory too: a check of an unchanged
 * remote then reads and writes nothing (the watcher checks hundreds of remotes a minute); its time
 * is kept in memory and written with the others' by flush(), which the watcher calls every minute
 * and when it stops. A status that changes (a failure, a recovery) is written at once. A repository deleted
 * takes its rows away by cascade; its id is never watched again, and a write that finds its row
 * gone reads the table again.
 */
export class RefStateStore {
  readonly #statements = new Map<string, Statement>();
  /** Rows as last read or written; null: known to have no row. */
  readonly #rows = new Map<string, WatchRow | null>();
  /** The refs last recorded, for repositories whose watch row says they were seen. */
  readonly #refs = new Map<string, RefMap>();
  /** Repositories whose check times in #rows are newer than the database's. */
  readonly #unwritten = new Set<string>();

  constructor(private readonly db: Db) {}

  /** Statements are compiled once: the watcher runs these for every check of every repository. */
  #sql(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  watch(repositoryId: string): WatchRow | null {
    const known = this.#rows.get(repositoryId);
    if (known !== undefined) return known;
    const row = this.#sql('SELECT * FROM trigger_watch WHERE repository_id = ?').get(repositoryId) as
      | { clone_url: string; last_checked_at: string | null; last_success_at: string | null; last_error: string | null; failures: number }
      | undefined;
    const watch = row ? { cloneUrl: row.clone_url, lastCheckedAt: row.last_checked_at, lastSuccessAt: row.last_success_at, lastError: row.last_error, failures: row.failures } : null;
    this.#rows.set(repositoryId, watch);
    return watch;
  }

  /** The refs last seen, or null when this remote (this clone URL) has never been seen. */
  refs(repositoryId: string, cloneUrl: string): ReadonlyMap<string, string> | null {
    const watch = this.watch(repositoryId);
    if (!watch || watch.cloneUrl !== cloneUrl || watch.lastSuccessAt === null) return null;
    let refs = this.#refs.get(repositoryId);
    if (!refs) {
      const rows = this.#sql('SELECT ref_kind, ref_name, commit_sha FROM trigger_refs WHERE repository_id = ?').all(repositoryId) as RefRow[];
      refs = new Map(rows.map((r) => [refKey(r.ref_kind, r.ref_name), r.commit_sha]));
      this.#refs.set(repositoryId, refs);
    }
    return refs;
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
    this.#refs.set(repositoryId, new Map(refs));
    this.#rows.delete(repositoryId);
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
    const refs = this.#refs.get(repositoryId);
    for (const c of changes) {
      if (c.after === null) refs?.delete(refKey(c.kind, c.name));
      else refs?.set(refKey(c.kind, c.name), c.after);
    }
    if (this.#rows.get(repositoryId) === null) this.#rows.delete(repositoryId);
  }

  checked(repositoryId: string, cloneUrl: string, error: string | null): WatchRow {
    const at = new Date().toISOString();
    const known = this.#rows.get(repositoryId);
    if (error === null && known && known.cloneUrl === cloneUrl && known.lastError === null && known.failures === 0 && known.lastSuccessAt !== null) {
      // Another success after a success: only the time moved, and it is written with the others later.
      const row: WatchRow = { ...known, lastCheckedAt: at, lastSuccessAt: at };
      this.#rows.set(repositoryId, row);
      this.#unwritten.add(repositoryId);
      return row;
    }
    const update = (): number =>
      error === null
        ? this.#sql('UPDATE trigger_watch SET last_checked_at = ?, last_success_at = ?, last_error = NULL, failures = 0 WHERE repository_id = ?').run(at, at, repositoryId).changes
        : this.#sql('UPDATE trigger_watch SET last_checked_at = ?, last_error = ?, failures = failures + 1 WHERE repository_id = ?').run(at, error, repositoryId).changes;
    const before = this.watch(repositoryId);
    if (before && update() > 0) {
      this.#unwritten.delete(repositoryId);
      const row: WatchRow = error === null ? { ...before, lastCheckedAt: at, lastSuccessAt: at, lastError: null, failures: 0 } : { ...before, lastCheckedAt: at, lastError: error, failures: before.failures + 1 };
      this.#rows.set(repositoryId, row);
      return row;
    }
    // A first check, or a row gone behind our back: write it as before and read back what is there.
    this.#rows.delete(repositoryId);
    this.#unwritten.delete(repositoryId);
    this.#ensureWatch(repositoryId, cloneUrl);
    update();
    return this.watch(repositoryId) as WatchRow;
  }

  /** Writes the check times kept in memory since the last flush, in one transaction. */
  flush(): void {
    if (this.#unwritten.size === 0) return;
    const update = this.#sql('UPDATE trigger_watch SET last_checked_at = ?, last_success_at = ? WHERE repository_id = ? AND last_error IS NULL');
    this.db.transaction(() => {
      for (const id of this.#unwritten) {
        const row = this.#rows.get(id);
        if (row) update.run(row.lastCheckedAt, row.lastSuccessAt, id);
      }
    })();
    this.#unwritten.clear();
  }

  #ensureWatch(repositoryId: string, cloneUrl: string): void {
    this.#sql('INSERT INTO trigger_watch (repository_id, clone_url) VALUES (?, ?) ON CONFLICT (repository_id) DO NOTHING').run(repositoryId, cloneUrl);
  }
}
