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
import { CodeSources } from './sources';
import { sourceHandlers } from './handlers/sources';
import type { GitCredentialSource } from './domain';

/** What a host (Electron or headless) gives the core: everything with a platform-specific answer. */
export interface CorePorts {
  readonly host: AppInfo['host'];
  readonly version: string;
  readonly dataDir: string;
  readonly vault: Vault;
  readonly preferences: PreferenceStore;
  readonly env?: EnvironmentLike;
  readonly log?: (line: string) => void;
  /** Opens a URL in the system browser (Electron); without it the window opens OAuth pages itself. */
  readonly openExternal?: (url: string) => void;
}

export interface Core {
  readonly call: Dispatch;
  readonly bus: EventBus;
  readonly db: Db;
  readonly secrets: SecretStore;
  /** The token git uses for a bound code source (builds ask it at fetch time). */
  readonly gitCredentials: GitCredentialSource;
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
  const sources = new CodeSources({
    db,
    secrets,
    bus,
    env: ports.env ?? process.env,
    log,
    ...(ports.openExternal ? { openExternal: ports.openExternal } : {}),
  });
  sources.startHealthChecks(Number((ports.env ?? process.env).SLIPWAY_SOURCES_HEALTH_MS ?? '') || 30 * 60_000);
  const handlers = {
    ...appHandlers({ info, preferences: ports.preferences, bus, env: ports.env ?? process.env }),
    ...catalogHandlers({ registries, repositories, rules: new RuleStore(db, secrets), ...registryAccess }),
    ...dockerLoginHandlers(new LocalDockerLogins(ports.env ?? process.env, knownRegistries(registries), loginProbe(registries))),
    ...sourceHandlers(sources),
  };
  const call = createDispatch(handlers, {
    onInternalError: (channel, error) => log(`${channel} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
  return {
    call,
    bus,
    db,
    secrets,
    gitCredentials: sources,
    close() {
      sources.close();
      db.close();
    },
  };
}
