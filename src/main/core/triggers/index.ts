import { hostname } from 'node:os';
import { AppError } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import type { HookInfo, WatchStatus } from '../../../shared/models/trigger';
import type { RepositoryStore } from '../catalog/repository-store';
import type { RuleStore } from '../catalog/rule-store';
import type { Db } from '../db/database';
import type { BuildEnqueuer } from '../domain';
import type { GitAccess } from '../git';
import type { SecretStore } from '../secrets/secret-store';
import { defaultPreferences, type Preferences } from '../../../shared/models/settings';
import { ActivityLog } from './activity-log';
import { Dispatcher, firstLine } from './dispatcher';
import { HookSecrets } from './hook-secrets';
import { HookServer } from './hook-server';
import { RefStateStore } from './ref-state';
import { RemoteWatcher } from './watcher';

export { pushDedupeKey, type RefChange } from './dispatcher';

export interface TriggerDeps {
  readonly db: Db;
  readonly repositories: RepositoryStore;
  readonly rules: RuleStore;
  readonly secrets: SecretStore;
  readonly preferences: () => Preferences;
  /** The build queue; without one the watcher does not start (nothing could be built). */
  readonly enqueuer?: BuildEnqueuer | undefined;
  /** ls-remote for the watcher, diffs for path filters: with each remote's login and CA. */
  readonly git: GitAccess;
  /** False keeps the remote watcher from polling on its own ("Check now" and push hooks still work). */
  readonly watch?: boolean | undefined;
  readonly onStatus?: (status: WatchStatus) => void;
  readonly log?: (line: string) => void;
  /** Adds a provider's project hook with the bound account's token (GitLab only, for now). */
  readonly hookRegistrar?: { addGitlabPushHook(sourceId: string, fullName: string, url: string, secret: string): Promise<void> } | undefined;
}

export interface Triggers {
  readonly activity: ActivityLog;
  readonly watcher: RemoteWatcher;
  readonly hooks: HookSecrets;
  readonly hookServer: HookServer;
  hookInfo(repositoryId: string): HookInfo;
  /** Adds the push hook on GitLab, pointing at `publicUrl` (the tunnel or LAN address that reaches the listener). */
  registerGitlabHook(repositoryId: string, publicUrl: string): Promise<{ hookUrl: string }>;
  /** Applies changed Settings: the interval, and the hook listener's port and address. */
  configure(preferences: Preferences): Promise<void>;
  close(): Promise<void>;
}

/** Everything that decides what to build when code changes, and hands it to the queue. */
export function createTriggers(deps: TriggerDeps): Triggers {
  const activity = new ActivityLog(deps.db);
  const state = new RefStateStore(deps.db);
  const hooks = new HookSecrets(deps.db, deps.secrets);
  // An unreadable preferences file must not stop the app from opening; Settings reports it.
  const preferences = (): Preferences => {
    try {
      return deps.preferences();
    } catch {
      return defaultPreferences;
    }
  };
  let interval = preferences().watchIntervalSeconds;
  const dispatcher = new Dispatcher({
    rules: deps.rules,
    enqueuer: deps.enqueuer ?? {
      enqueue: () => Promise.reject(new Error('the build queue is not available in this build of Slipway')),
    },
    activity,
    changedFiles: async (repository, change) => (repository.codeRepository ? deps.git.changedFiles(repository.codeRepository, change.before, change.after) : []),
  });
  const watcher = new RemoteWatcher({
    repositories: deps.repositories,
    state,
    activity,
    dispatcher,
    git: deps.git,
    intervalSeconds: () => interval,
    ...(deps.onStatus ? { onStatus: deps.onStatus } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  });
  const hookServer = new HookServer({
    secretFor: (repositoryId) => hooks.get(repositoryId),
    handle: (repositoryId, changes) => watcher.handleChanges(repositoryId, changes, 'hook'),
    activity,
    ...(deps.log ? { log: deps.log } : {}),
  });
  let listening: { port: number; address: string } | null = null;
  let listenerProblem: Phrase | null = null;

  const configure = async (preferences: Preferences): Promise<void> => {
    interval = preferences.watchIntervalSeconds;
    const wanted = preferences.hookPort > 0 ? { port: preferences.hookPort, address: preferences.hookAddress === 'all' ? '0.0.0.0' : '127.0.0.1' } : null;
    if (wanted?.port === listening?.port && wanted?.address === listening?.address) return;
    listening = null;
    listenerProblem = null;
    if (!wanted) return hookServer.close();
    try {
      await hookServer.listen(wanted.port, wanted.address);
      listening = wanted;
    } catch (error) {
      const inUse = (error as { code?: unknown }).code === 'EADDRINUSE';
      // The system's own reason is shown as received, inside Slipway's sentence.
      listenerProblem = inUse ? phrase('triggers.errors.portInUse', { port: wanted.port }) : phrase('triggers.errors.listenFailed', { port: wanted.port, detail: firstLine(error) });
      deps.log?.(`hook receiver: cannot listen on ${wanted.address}:${wanted.port}: ${firstLine(error)}`);
    }
  };

  if (deps.enqueuer && deps.watch !== false) watcher.start();
  void configure(preferences());

  return {
    activity,
    watcher,
    hooks,
    hookServer,
    hookInfo(repositoryId) {
      deps.repositories.repository(repositoryId);
      const port = hookServer.port;
      const host = listening?.address === '0.0.0.0' ? hostname() : '127.0.0.1';
      return { repositoryId, url: port ? `http://${host}:${port}/hooks/${repositoryId}` : null, hasSecret: hooks.has(repositoryId), listenerProblem: listenerProblem && inEnglish(listenerProblem), ...(listenerProblem ? { listenerProblemPhrase: listenerProblem } : {}) };
    },
    async registerGitlabHook(repositoryId, publicUrl) {
      const repository = deps.repositories.repository(repositoryId);
      const code = repository.codeRepository;
      if (!code || code.provider !== 'gitlab' || !code.sourceId) {
        throw new AppError('conflict', phrase('triggers.errors.gitlabOnly'), phrase('triggers.errors.gitlabOnlyHint'));
      }
      const secret = hooks.get(repositoryId);
      if (!secret) throw new AppError('conflict', phrase('triggers.errors.secretFirst'), phrase('triggers.errors.secretFirstHint'));
      if (!deps.hookRegistrar) throw new AppError('unavailable', phrase('triggers.errors.noCodeSources'));
      const hookUrl = `${publicUrl.replace(/\/+$/, '')}/hooks/${repositoryId}`;
      await deps.hookRegistrar.addGitlabPushHook(code.sourceId, code.fullName, hookUrl, secret);
      activity.add(repositoryId, 'hook.registered', phrase('triggers.activity.hookRegistered', { repository: code.fullName, url: hookUrl }));
      return { hookUrl };
    },
    configure,
    async close() {
      watcher.stop();
      await hookServer.close();
    },
  };
}
