import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/models/app';
import { openDatabase, schemaVersion, type Db } from './db/database';
import { createDispatch, type Dispatch } from './dispatch';
import type { EnvironmentLike } from './docker/endpoint';
import { EventBus } from './events';
import { RegistryStore } from './catalog/registry-store';
import { RepositoryStore } from './catalog/repository-store';
import { RuleStore } from './catalog/rule-store';
import { registryAccess } from './catalog/registry-access';
import { appHandlers } from './handlers/app';
import { dockerLoginHandlers } from './handlers/docker-login';
import { LocalDockerLogins } from './docker/local-logins';
import { knownRegistries, loginProbe } from './catalog/login-probe';
import { catalogHandlers } from './handlers/catalog';
import { SecretStore } from './secrets/secret-store';
import type { Vault } from './secrets/vault';
import type { PreferenceStore } from './settings/preferences';
import type { BuildEnqueuer, GitCredentialSource } from './domain';
import { createTriggers, type Triggers } from './triggers';
import { triggerHandlers } from './handlers/triggers';

/** What a host (Electron or headless) gives the core: everything with a platform-specific answer. */
export interface CorePorts {
  readonly host: AppInfo['host'];
  readonly version: string;
  readonly dataDir: string;
  readonly vault: Vault;
  readonly preferences: PreferenceStore;
  readonly env?: EnvironmentLike;
  readonly log?: (line: string) => void;
  /** The build queue automatic builds go to (the lead's queue when wired; tests pass a recording one). */
  readonly enqueuer?: BuildEnqueuer;
  /** Code-source logins for git; absent means anonymous. */
  readonly gitCredentials?: GitCredentialSource;
}

export interface Core {
  readonly call: Dispatch;
  readonly bus: EventBus;
  readonly db: Db;
  readonly secrets: SecretStore;
  readonly triggers: Triggers;
  close(): void;
}

export const databaseFileName = 'slipway.db';

/** The composition root: plain constructor injection, no globals, runnable in plain Node. */
export function createCore(ports: CorePorts): Core {
  mkdirSync(ports.dataDir, { recursive: true, mode: 0o700 });
  const databasePath = join(ports.dataDir, databaseFileName);
  const db = openDatabase(databasePath);
  const bus = new EventBus();
  const secrets = new SecretStore(db, ports.vault);
  const log = ports.log ?? (() => undefined);
  const info = (): AppInfo => ({
    name: 'Slipway',
    version: ports.version,
    host: ports.host,
    platform: `${process.platform}-${process.arch}`,
    dataDir: ports.dataDir,
    databasePath,
    preferencesPath: ports.preferences.path,
    vault: ports.vault.kind,
    schemaVersion: schemaVersion(db),
  });
  const registries = new RegistryStore(db, secrets);
  const repositories = new RepositoryStore(db);
  const rules = new RuleStore(db, secrets);
  const triggers = createTriggers({
    db,
    dataDir: ports.dataDir,
    repositories,
    rules,
    secrets,
    preferences: () => ports.preferences.get(),
    enqueuer: ports.enqueuer,
    credentials: ports.gitCredentials,
    onStatus: (status) => bus.emit('triggers:status', status),
    log,
  });
  bus.subscribe((message) => {
    if (message.event === 'settings:changed') void triggers.configure(message.payload);
  });
  const handlers = {
    ...appHandlers({ info, preferences: ports.preferences, bus, env: ports.env ?? process.env }),
    ...catalogHandlers({ registries, repositories, rules, ...registryAccess }),
    ...dockerLoginHandlers(new LocalDockerLogins(ports.env ?? process.env, knownRegistries(registries), loginProbe(registries))),
    ...triggerHandlers(triggers),
  };
  const call = createDispatch(handlers, {
    onInternalError: (channel, error) => log(`${channel} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
  return {
    call,
    bus,
    db,
    secrets,
    triggers,
    close() {
      void triggers.close();
      db.close();
    },
  };
}
