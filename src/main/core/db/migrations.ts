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
  {
    version: 3,
    name: 'registries, namespaces, image repositories, build rules',
    sql: `
      CREATE TABLE registries (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
        endpoint        TEXT NOT NULL,
        insecure        INTEGER NOT NULL DEFAULT 0,
        ca_cert         TEXT,
        username        TEXT NOT NULL DEFAULT '',
        password_secret TEXT REFERENCES secrets(id),
        created_at      TEXT NOT NULL
      ) STRICT;
      CREATE TABLE namespaces (
        id            TEXT PRIMARY KEY,
        registry_id   TEXT NOT NULL REFERENCES registries(id) ON DELETE CASCADE,
        name          TEXT NOT NULL,
        auto_create   INTEGER NOT NULL DEFAULT 1,
        default_type  TEXT NOT NULL CHECK (default_type IN ('public', 'private')),
        created_at    TEXT NOT NULL,
        UNIQUE (registry_id, name)
      ) STRICT;
      CREATE TABLE image_repositories (
        id            TEXT PRIMARY KEY,
        namespace_id  TEXT NOT NULL REFERENCES namespaces(id) ON DELETE CASCADE,
        name          TEXT NOT NULL,
        type          TEXT NOT NULL CHECK (type IN ('public', 'private')),
        summary       TEXT NOT NULL DEFAULT '',
        description   TEXT NOT NULL DEFAULT '',
        auto_build    INTEGER NOT NULL DEFAULT 1,
        no_cache      INTEGER NOT NULL DEFAULT 0,
        builder_id    TEXT NOT NULL DEFAULT 'local',
        created_at    TEXT NOT NULL,
        UNIQUE (namespace_id, name)
      ) STRICT;
      CREATE TABLE build_rules (
        id             TEXT PRIMARY KEY,
        repository_id  TEXT NOT NULL REFERENCES image_repositories(id) ON DELETE CASCADE,
        position       INTEGER NOT NULL,
        spec           TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX build_rules_repository ON build_rules(repository_id, position);
    `,
  },
  {
    version: 4,
    name: 'code repository binding, builds',
    sql: `
      ALTER TABLE image_repositories ADD COLUMN code_repo TEXT;
      ALTER TABLE image_repositories ADD COLUMN cancel_superseded INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE builds (
        id             TEXT PRIMARY KEY,
        repository_id  TEXT NOT NULL REFERENCES image_repositories(id) ON DELETE CASCADE,
        number         INTEGER NOT NULL,
        rule_id        TEXT,
        ref_kind       TEXT NOT NULL CHECK (ref_kind IN ('branch', 'tag')),
        ref_name       TEXT NOT NULL,
        commit_sha     TEXT NOT NULL,
        commit_message TEXT,
        commit_time    TEXT,
        trigger        TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'canceled', 'interrupted')),
        platforms      TEXT NOT NULL,
        builder_id     TEXT NOT NULL,
        plan           TEXT NOT NULL,
        tags           TEXT NOT NULL DEFAULT '[]',
        steps          TEXT NOT NULL DEFAULT '[]',
        error          TEXT,
        dedupe_key     TEXT UNIQUE,
        engine_build_id TEXT,
        log_lines      INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL,
        started_at     TEXT,
        finished_at    TEXT,
        UNIQUE (repository_id, number)
      ) STRICT;
      CREATE INDEX builds_created ON builds(created_at);
      CREATE INDEX builds_repository ON builds(repository_id, created_at);
      CREATE INDEX builds_status ON builds(status);
    `,
  },
  {
    version: 5,
    name: 'code sources and OAuth apps',
    sql: `
      CREATE TABLE code_sources (
        id              TEXT PRIMARY KEY,
        provider        TEXT NOT NULL CHECK (provider IN ('github', 'gitlab', 'bitbucket', 'gitee')),
        base_url        TEXT NOT NULL,
        api_url         TEXT NOT NULL,
        login           TEXT NOT NULL,
        display_name    TEXT,
        account_id      TEXT NOT NULL,
        token_secret    TEXT NOT NULL REFERENCES secrets(id),
        refresh_secret  TEXT REFERENCES secrets(id),
        access_expires_at TEXT,
        token_expires_at  TEXT,
        scopes          TEXT NOT NULL DEFAULT '[]',
        ca_cert         TEXT,
        status          TEXT NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'attention')),
        reason          TEXT,
        hint            TEXT,
        checked_at      TEXT,
        created_at      TEXT NOT NULL,
        UNIQUE (provider, base_url, account_id)
      ) STRICT;
      CREATE TABLE oauth_apps (
        provider        TEXT PRIMARY KEY,
        client_id       TEXT NOT NULL,
        secret_id       TEXT REFERENCES secrets(id),
        updated_at      TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'webhooks, their deliveries and attempts',
    sql: `
      CREATE TABLE webhooks (
        id             TEXT PRIMARY KEY,
        repository_id  TEXT NOT NULL REFERENCES image_repositories(id) ON DELETE CASCADE,
        name           TEXT NOT NULL,
        url            TEXT NOT NULL,
        trigger        TEXT NOT NULL,
        secret_id      TEXT REFERENCES secrets(id) ON DELETE SET NULL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX webhooks_repository ON webhooks(repository_id, created_at);
      CREATE TABLE webhook_deliveries (
        id              TEXT PRIMARY KEY,
        seq             INTEGER NOT NULL,
        webhook_id      TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event           TEXT NOT NULL CHECK (event IN ('push', 'test')),
        tag             TEXT NOT NULL,
        digest          TEXT NOT NULL,
        body            TEXT NOT NULL,
        dedupe_key      TEXT,
        redelivery_of   TEXT,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        lease_owner     TEXT,
        lease_until     INTEGER,
        last_status     INTEGER,
        created_at      TEXT NOT NULL,
        finished_at     TEXT,
        UNIQUE (webhook_id, dedupe_key)
      ) STRICT;
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
      CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, seq);
      CREATE TABLE webhook_attempts (
        id                 INTEGER PRIMARY KEY,
        delivery_id        TEXT NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        number             INTEGER NOT NULL,
        started_at         TEXT NOT NULL,
        duration_ms        INTEGER NOT NULL,
        url                TEXT NOT NULL,
        request_headers    TEXT NOT NULL,
        request_body       TEXT NOT NULL,
        status_code        INTEGER,
        response_headers   TEXT NOT NULL,
        response_body      TEXT NOT NULL,
        response_truncated INTEGER NOT NULL DEFAULT 0,
        error              TEXT,
        outcome            TEXT NOT NULL CHECK (outcome IN ('succeeded', 'retry', 'failed')),
        note               TEXT NOT NULL
      ) STRICT;
      CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, number);
    `,
  },
  {
    version: 7,
    name: 'remote watcher state, inbound hook secrets',
    sql: `
      CREATE TABLE trigger_watch (
        repository_id   TEXT PRIMARY KEY REFERENCES image_repositories(id) ON DELETE CASCADE,
        clone_url       TEXT NOT NULL,
        last_checked_at TEXT,
        last_success_at TEXT,
        last_error      TEXT,
        failures        INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE trigger_refs (
        repository_id  TEXT NOT NULL REFERENCES image_repositories(id) ON DELETE CASCADE,
        ref_kind       TEXT NOT NULL CHECK (ref_kind IN ('branch', 'tag')),
        ref_name       TEXT NOT NULL,
        commit_sha     TEXT NOT NULL,
        seen_at        TEXT NOT NULL,
        PRIMARY KEY (repository_id, ref_kind, ref_name)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE trigger_hooks (
        repository_id  TEXT PRIMARY KEY REFERENCES image_repositories(id) ON DELETE CASCADE,
        secret_id      TEXT NOT NULL REFERENCES secrets(id),
        updated_at     TEXT NOT NULL
      ) STRICT;
      -- A repository deleted (the row cascades away) takes its hook secret out of the vault too.
      CREATE TRIGGER trigger_hooks_secret_gone AFTER DELETE ON trigger_hooks BEGIN
        DELETE FROM secrets WHERE id = OLD.secret_id;
      END;
    `,
  },
  {
    version: 8,
    name: 'when a build last heard from its engine',
    // An interrupted build ends at its last log line or step update, not when Slipway came back.
    sql: `ALTER TABLE builds ADD COLUMN last_event_at TEXT;`,
  },
  {
    version: 9,
    name: 'webhook attempts keep their error and note as phrases',
    // Beside the English, so the history reads in the user's language; older attempts keep only the English.
    sql: `
      ALTER TABLE webhook_attempts ADD COLUMN error_phrase TEXT;
      ALTER TABLE webhook_attempts ADD COLUMN note_phrase TEXT;
    `,
  },
  {
    version: 10,
    name: 'activity lines keep their phrase',
    // Beside the English line, so the repository's activity reads in the user's language; older lines keep only the English.
    sql: `ALTER TABLE activity ADD COLUMN phrase TEXT;`,
  },
  {
    version: 11,
    name: 'builder settings: capacity and declared native platforms',
    // Keyed by builder id, 'local' included (it has no row in builders); a removed builder takes its settings along.
    sql: `
      CREATE TABLE builder_settings (
        builder_id        TEXT PRIMARY KEY,
        capacity          INTEGER NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 16),
        native_platforms  TEXT NOT NULL DEFAULT '[]',
        updated_at        TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER builder_settings_gone AFTER DELETE ON builders BEGIN
        DELETE FROM builder_settings WHERE builder_id = OLD.id;
      END;
    `,
  },
  {
    version: 12,
    name: 'repositories build on a pool of builders; builds say where each platform ran',
    // A repository's single builder becomes a pool of one; 'any' or a JSON list of builder ids.
    // lost_builders: builders a build lost mid-way, so its second try goes elsewhere.
    sql: `
      ALTER TABLE image_repositories ADD COLUMN builder_pool TEXT;
      UPDATE image_repositories SET builder_pool = json_array(builder_id);
      ALTER TABLE builds ADD COLUMN placements TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE builds ADD COLUMN lost_builders TEXT NOT NULL DEFAULT '[]';
    `,
  },
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
