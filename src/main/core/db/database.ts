import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import { createPrivateFile, privateFile } from '../secrets/private-files';
import { migrations as allMigrations, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Tests pass a prefix of the migrations to build an "older" database. */
  readonly migrations?: readonly Migration[];
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  // SQLite creates the -wal and -shm files with the database file's mode: a private main file
  // makes all three private. Files left readable by an older version are tightened.
  if (path !== ':memory:') {
    createPrivateFile(path);
    for (const suffix of ['-wal', '-shm', '-journal']) privateFile(path + suffix);
  }
  const db = new Database(path);
  // WAL lets the UI read while a build writes its log; NORMAL sync is safe with WAL and much faster.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, options.migrations ?? allMigrations);
  reusePreparedStatements(db);
  return db;
}

/** How many distinct statements are kept; the stores' SQL is a fixed set plus a few filter shapes. */
const keptStatements = 256;

/**
 * Every store calls `db.prepare(sql)` where it needs a statement, which made SQLite parse the same
 * SQL again on each call: 10,000 queued builds cost a second of parsing at start (issue 15). The
 * statement for a given SQL text is now made once and handed out again, its modes reset, since a
 * caller may have set `pluck()` on it. better-sqlite3 runs statements synchronously, so none is
 * busy when handed out again (nothing here uses `iterate()`).
 */
export function reusePreparedStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = kept.get(sql);
    if (statement) {
      // Map order is insertion order: moving the hit to the end keeps the oldest first to go.
      kept.delete(sql);
      if (statement.reader) statement.pluck(false).raw(false).expand(false);
    } else {
      statement = prepare(sql);
      if (kept.size >= keptStatements) kept.delete(kept.keys().next().value as string);
    }
    kept.set(sql, statement);
    return statement;
  }) as Db['prepare'];
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[]): number {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const newest = ordered.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > newest) {
    throw new AppError(
      'conflict',
      phrase('app.database.newer', { current, newest }),
      phrase('app.database.newerHint'),
    );
  }
  for (const migration of ordered) {
    if (migration.version <= current) continue;
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      // PRAGMA cannot take parameters; the version is a number from our own table.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    });
    apply();
  }
  return schemaVersion(db);
}
