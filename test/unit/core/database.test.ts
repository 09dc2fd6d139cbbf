import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { migrate, openDatabase, schemaVersion } from '../../../src/main/core/db/database';
import { latestSchemaVersion, migrations } from '../../../src/main/core/db/migrations';
import { AppError } from '../../../src/shared/errors';
import { tempDir } from '../../support/temp';

test('a new database is in WAL mode at the latest schema', () => {
  const db = openDatabase(join(tempDir(), 'a.db'));
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(schemaVersion(db), latestSchemaVersion);
  assert.ok(latestSchemaVersion >= 2);
  db.close();
});

test('migrations are numbered 1..n without gaps', () => {
  assert.deepEqual(
    migrations.map((m) => m.version),
    migrations.map((_, i) => i + 1),
  );
});

test('a newer app upgrades an older database in place and keeps its rows', () => {
  const path = join(tempDir(), 'old.db');
  const old = openDatabase(path, { migrations: migrations.slice(0, 1) });
  assert.equal(schemaVersion(old), 1);
  old.prepare("INSERT INTO secrets (id, ciphertext, created_at, updated_at) VALUES ('s1', x'0102', 't', 't')").run();
  old.close();

  const upgraded = openDatabase(path);
  assert.equal(schemaVersion(upgraded), latestSchemaVersion);
  const row = upgraded.prepare("SELECT hex(ciphertext) AS hex FROM secrets WHERE id = 's1'").get() as { hex: string };
  assert.equal(row.hex, '0102');
  // The table added by the newer migration exists and works.
  upgraded.prepare("INSERT INTO activity (at, kind, subject, message) VALUES ('t', 'k', 's', 'm')").run();
  assert.equal(upgraded.prepare('PRAGMA integrity_check').pluck().get(), 'ok');
  upgraded.close();
});

test('a failing migration rolls back entirely and leaves the version alone', () => {
  const db = new Database(join(tempDir(), 'bad.db'));
  migrate(db, migrations.slice(0, 1));
  const broken = [...migrations.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;' }];
  assert.throws(() => migrate(db, broken));
  assert.equal(schemaVersion(db), 1);
  assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get(), 0);
  db.close();
});

test('a database from a newer Slipway is refused with a hint, not damaged', () => {
  const path = join(tempDir(), 'newer.db');
  const db = new Database(path);
  db.pragma('user_version = 99');
  db.close();
  assert.throws(
    () => openDatabase(path),
    (error: unknown) => error instanceof AppError && error.code === 'conflict' && /newer Slipway/.test(error.message) && error.hint !== undefined,
  );
});

test('the same SQL gets the same prepared statement back, with the modes a caller set on it reset', () => {
  const db = openDatabase(':memory:');
  try {
    db.exec('CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, \'one\')');
    const sql = 'SELECT a, b FROM t';
    const first = db.prepare(sql);
    assert.equal(db.prepare(sql), first, 'made once');
    assert.equal(db.prepare(sql).pluck().get(), 1);
    assert.deepEqual(db.prepare(sql).get(), { a: 1, b: 'one' }, 'a plucked statement is whole again for the next caller');
    assert.deepEqual(db.prepare(sql).raw().get(), [1, 'one']);
    assert.deepEqual(db.prepare(sql).get(), { a: 1, b: 'one' });
    // Writers have no modes to reset and are reused too.
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    assert.equal(db.prepare('INSERT INTO t VALUES (?, ?)'), insert);
    insert.run(2, 'two');
    assert.equal(db.prepare('SELECT count(*) FROM t').pluck().get(), 2);
  } finally {
    db.close();
  }
});
