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
  return db;
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
