/**
 * Numbered, append-only migrations. A released migration is never edited: a newer app upgrades an
 * older database in place by running the ones after its `user_version`, each in a transaction.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'secrets and builders',
    sql: `
      CREATE TABLE secrets (
        id          TEXT PRIMARY KEY,
        ciphertext  BLOB NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE TABLE builders (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        endpoint    TEXT NOT NULL,
        tls_secret  TEXT REFERENCES secrets(id),
        created_at  TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'activity log',
    sql: `
      CREATE TABLE activity (
        id          INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        kind        TEXT NOT NULL,
        subject     TEXT NOT NULL,
        message     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX activity_subject_at ON activity(subject, at);
    `,
  },
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
