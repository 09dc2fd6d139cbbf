import { join } from 'node:path';
import type { AppInfo } from '../../shared/models/app';
import { openDatabase, schemaVersion, type Db } from './db/database';
import type { EnvironmentLike } from './docker/endpoint';
import { EventBus } from './events';
import { RegistryStore } from './catalog/registry-store';
import { RepositoryStore } from './catalog/repository-store';
import { RuleStore } from './catalog/rule-store';
import { SecretStore } from './secrets/secret-store';
import { privateDir } from './secrets/private-files';
import { SourceStore } from './sources/store';
import { BuildStore } from './builds/build-store';
import { LogStore } from './builds/log-store';
import { recordInterrupted } from './builds/interrupted';
import type { Build } from '../../shared/models/build';
import { appReadHandlers } from './handlers/app';
import { buildReadHandlers } from './handlers/builds';
import { catalogReadHandlers } from './handlers/catalog';
import { sourceReadHandlers } from './handlers/sources';
import type { CorePorts } from './index';

export const databaseFileName = 'slipway.db';

/** What the stores answer on their own (what a page reads first), as each domain's handlers declare it. */
type ReadHandlers = ReturnType<typeof appReadHandlers> & ReturnType<typeof catalogReadHandlers> & ReturnType<typeof buildReadHandlers> & ReturnType<typeof sourceReadHandlers>;
export type ReadChannel = keyof ReadHandlers;

/**
 * The database, the event bus and the stores over them: the part of the core that answers the
 * reads, and that the services (builds, webhooks, code sources, triggers) are then built on
 * (index.ts). The headless host reads this much first and answers a page's first reads with it;
 * the services, most of the core's code, are read after (issue 15).
 */
export interface CoreBase {
  readonly ports: CorePorts;
  readonly db: Db;
  readonly bus: EventBus;
  readonly secrets: SecretStore;
  readonly env: EnvironmentLike;
  readonly log: (line: string) => void;
  readonly info: () => AppInfo;
  readonly registries: RegistryStore;
  readonly repositories: RepositoryStore;
  readonly rules: RuleStore;
  readonly buildStore: BuildStore;
  readonly logs: LogStore;
  /** Builds that were running when the app last stopped, recorded as interrupted at this start. */
  readonly interrupted: readonly Build[];
  readonly reads: ReadHandlers;
  /** Closes the database; once the services are built on it, the core's close does this. */
  close(): void;
}

export function openCoreBase(ports: CorePorts): CoreBase {
  privateDir(ports.dataDir);
  const databasePath = join(ports.dataDir, databaseFileName);
  const db = openDatabase(databasePath);
  const secrets = new SecretStore(db, ports.vault);
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
  const buildStore = new BuildStore(db);
  const logs = new LogStore(ports.dataDir);
  const interrupted = recordInterrupted(buildStore, logs);
  return {
    ports,
    db,
    bus: new EventBus(),
    secrets,
    env: ports.env ?? process.env,
    log: ports.log ?? (() => undefined),
    info,
    registries,
    repositories,
    rules,
    buildStore,
    logs,
    interrupted,
    reads: {
      ...appReadHandlers({ info, preferences: ports.preferences }),
      ...catalogReadHandlers({ registries, repositories, rules }),
      ...buildReadHandlers({ store: buildStore, logs }),
      ...sourceReadHandlers(new SourceStore(db, secrets)),
    },
    close() {
      logs.closeAll();
      db.close();
    },
  };
}
