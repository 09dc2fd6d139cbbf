import type { AppInfo } from '../../shared/models/app';
import type { Db } from './db/database';
import { openCoreBase, type CoreBase } from './base';
import type { EventBus } from './events';
import type { SecretStore } from './secrets/secret-store';
import { createDispatch, type Dispatch } from './dispatch';
import type { EnvironmentLike } from './docker/endpoint';
import { registryAccess } from './catalog/registry-access';
import { appHandlers } from './handlers/app';
import { dockerLoginHandlers } from './handlers/docker-login';
import { LocalDockerLogins } from './docker/local-logins';
import { knownRegistries, loginProbe } from './catalog/login-probe';
import { catalogHandlers } from './handlers/catalog';
import { exportHandlers } from './handlers/exports';
import type { Vault } from './secrets/vault';
import type { PreferenceStore } from './settings/preferences';
import { CodeSources } from './sources';
import { sourceHandlers } from './handlers/sources';
import { DomainBus, type GitCredentialSource } from './domain';
import { BuilderStore } from './builds/builder-store';
import { BuildService } from './builds/build-service';
import { sessionAdapter, traceAdapter } from './builds/adapters';
import { sourceAdapter } from './builds/source-adapter';
import { authWithoutCa, createGitAccess, type GitAccess } from './git';
import { buildHandlers } from './handlers/builds';
import { builderHandlers } from './handlers/builders';
import { createBuilderPool, type BuilderPool } from './builders/builder-pool';
import { BuilderSettingsStore } from './builders/builder-settings';
import type { SessionCredentials } from './builds/ports';
import { webhookHandlers } from './handlers/webhooks';
import type { DeliveryPolicy } from './webhooks/policy';
import { WebhookService } from './webhooks/service';
import type { BuildEnqueuer } from './domain';
import { createTriggers, type Triggers } from './triggers';
import { triggerHandlers } from './handlers/triggers';
import { createDesktopServices, pausableEnqueuer, safePreferences, type DesktopServices, type UpdaterPort } from './desktop';

/** What a host (Electron or headless) gives the core: everything with a platform-specific answer. */
export interface CorePorts {
  readonly host: AppInfo['host'];
  readonly version: string;
  readonly dataDir: string;
  readonly vault: Vault;
  readonly preferences: PreferenceStore;
  readonly env?: EnvironmentLike;
  readonly log?: (line: string) => void;
  /** Webhook timeouts and retry delays; tests shorten them. */
  readonly webhookPolicy?: Partial<DeliveryPolicy>;
  /** Opens a URL in the system browser (Electron); without it the window opens OAuth pages itself. */
  readonly openExternal?: (url: string) => void;
  /** Where automatic builds are queued; the build service unless a test records them instead. */
  readonly enqueuer?: BuildEnqueuer;
  /** Replaces the code sources' logins (and CAs: none) for git (tests of the token handling). */
  readonly gitCredentials?: GitCredentialSource;
  /** False keeps the remote watcher from polling on its own (tests that push and build by hand). */
  readonly watchRemotes?: boolean;
  /** electron-updater behind the update policy; the headless host has none (updates come with npm/git). */
  readonly updater?: UpdaterPort;
}

export interface Core {
  readonly call: Dispatch;
  readonly bus: EventBus;
  readonly db: Db;
  readonly secrets: SecretStore;
  readonly domain: DomainBus;
  readonly builds: BuildService;
  /** Every builder with capacity, capabilities and health: what the build queue places builds on. */
  readonly builderPool: BuilderPool;
  /** The token git uses for a bound code source (builds ask it at fetch time). */
  readonly gitCredentials: GitCredentialSource;
  /** The one door to git: builds, the watcher and path filters go through it. */
  readonly git: GitAccess;
  readonly triggers: Triggers;
  /** Build activity (tray, quitting) and the app's updates. */
  readonly desktop: DesktopServices;
  close(): void;
}

export { databaseFileName } from './base';

/** The composition root: plain constructor injection, no globals, runnable in plain Node. */
export function createCore(ports: CorePorts): Core {
  return completeCore(openCoreBase(ports));
}

/**
 * The services built on the base's stores, and every channel's handler: the headless host answers
 * a page's first reads with the base alone, and calls this once they are out (headless.ts).
 */
export function completeCore(base: CoreBase): Core {
  const { ports, db, bus, secrets, log, env, registries, repositories, rules, buildStore, logs } = base;
  const domain = new DomainBus();
  const language = () => safePreferences(() => ports.preferences.get()).language;
  const sources = new CodeSources({ db, secrets, bus, env, log, language, ...(ports.openExternal ? { openExternal: ports.openExternal } : {}) });
  sources.startHealthChecks(Number(env.SLIPWAY_SOURCES_HEALTH_MS ?? '') || 30 * 60_000);
  const gitCredentials: GitCredentialSource = sources;
  const git = createGitAccess({ dataDir: ports.dataDir, auth: ports.gitCredentials ? authWithoutCa(ports.gitCredentials) : sources });
  const builders = new BuilderStore(db, secrets, env);
  const builderSettings = new BuilderSettingsStore(db);
  const announceBuilder = (id: string) => bus.emit('builders:changed', { id });
  const builderPool = createBuilderPool({ directory: builders, settings: builderSettings, onChange: announceBuilder, log });
  const loginFor = (host: string): SessionCredentials | null => {
    const wanted = host === 'registry-1.docker.io' || host === 'index.docker.io' ? 'docker.io' : host;
    const view = registries.list().find((r) => r.endpoint === wanted || (wanted === 'docker.io' && /(^|\.)docker\.io$/.test(r.endpoint)));
    if (!view || !view.username) return null;
    const record = registries.find(view.id);
    return { username: view.username, secret: registries.password(record) ?? '' };
  };
  const builds = new BuildService({
    store: buildStore,
    builders,
    logs,
    bus,
    domain,
    repositories,
    rules,
    source: sourceAdapter(git),
    trace: traceAdapter,
    session: sessionAdapter,
    contextTransport: env.SLIPWAY_CONTEXT_TRANSPORT === 'tar' ? 'tar' : 'session',
    registry: (id) => {
      const record = registries.find(id);
      return { record, password: registries.password(record) };
    },
    loginFor,
    secretValues: (build, plan) => {
      const values = new Map<string, Buffer>();
      if (!build.ruleId || plan.secretArgs.length === 0) return values;
      try {
        for (const arg of rules.resolvedSpec(build.ruleId).buildArgs) if (arg.secret && plan.secretArgs.includes(arg.key)) values.set(arg.key, Buffer.from(arg.value));
      } catch {
        // The rule was deleted since: its secrets went with it, and the build says what is missing.
      }
      return values;
    },
    pool: builderPool,
    onLoad: announceBuilder,
    concurrency: () => ports.preferences.get().concurrentBuilds,
    log,
  });
  const webhooks = new WebhookService({
    db,
    secrets,
    repositories,
    domain,
    dataDir: ports.dataDir,
    version: ports.version,
    ...(ports.webhookPolicy ? { policy: ports.webhookPolicy } : {}),
    emit: (event) => bus.emit('webhooks:delivery', event),
    log,
  });
  const triggers = createTriggers({
    db,
    repositories,
    rules,
    secrets,
    preferences: () => ports.preferences.get(),
    enqueuer: pausableEnqueuer(ports.enqueuer ?? builds, () => safePreferences(() => ports.preferences.get()).pauseAutomaticBuilds),
    git,
    watch: ports.watchRemotes,
    hookRegistrar: sources,
    onStatus: (status) => bus.emit('triggers:status', status),
    log,
  });
  bus.subscribe((message) => {
    if (message.event === 'settings:changed') void triggers.configure(message.payload);
    if (message.event === 'sources:changed') git.forgetLogins();
    // A builder added, recovered or given more capacity: builds waiting for one may go now.
    if (message.event === 'builders:changed') builds.builderChanged();
  });
  const desktop = createDesktopServices({ bus, buildStore, builds, preferences: () => ports.preferences.get(), updater: ports.updater ?? null, version: ports.version, log });
  const handlers = {
    ...base.reads,
    ...appHandlers({ preferences: ports.preferences, bus, updates: desktop.updates }),
    ...catalogHandlers({ registries, repositories, rules, ...registryAccess }),
    ...exportHandlers({ repositories, rules }),
    ...buildHandlers({ service: builds }),
    ...builderHandlers({ store: builders, settings: builderSettings, pool: builderPool, load: () => builds.load, announce: announceBuilder }),
    ...dockerLoginHandlers(new LocalDockerLogins(ports.env ?? process.env, knownRegistries(registries), loginProbe(registries))),
    ...webhookHandlers(webhooks, repositories),
    ...sourceHandlers(sources),
    ...triggerHandlers(triggers),
  };
  builds.resume(base.interrupted);
  const call = createDispatch(handlers, {
    onInternalError: (channel, error) => log(`${channel} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
  return {
    call,
    bus,
    db,
    secrets,
    domain,
    builds,
    builderPool,
    gitCredentials,
    git,
    triggers,
    desktop,
    close() {
      desktop.close();
      void triggers.close();
      builds.close();
      webhooks.close();
      sources.close();
      base.close();
    },
  };
}
