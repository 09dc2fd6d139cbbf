import { AppError } from '../../../shared/errors';
import type { ImageRepository } from '../../../shared/models/repository';
import type { WatchStatus } from '../../../shared/models/trigger';
import type { GitAccess } from '../git';
import type { ActivityLog } from './activity-log';
import { firstLine, type ChangeOrigin, type DispatchResult, type Dispatcher, type RefChange } from './dispatcher';
import type { RefStateStore } from './ref-state';
import { diffRefs, refMapOf, type RefMap } from './remote-refs';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';

export interface WatcherDeps {
  readonly repositories: { repositories(): ImageRepository[]; repository(id: string): ImageRepository };
  readonly state: RefStateStore;
  readonly activity: ActivityLog;
  readonly dispatcher: Dispatcher;
  /** The remote's refs with the bound account's login and CA (core/git: smart HTTP, or git ls-remote). */
  readonly git: Pick<GitAccess, 'listRefs'>;
  readonly intervalSeconds: () => number;
  readonly onStatus?: (status: WatchStatus) => void;
  /** At most this many checks at once against one host (a self-hosted GitLab is not github.com). */
  readonly perHostLimit?: number;
  readonly random?: () => number;
  readonly log?: (line: string) => void;
}

interface Entry {
  nextAt: number;
  running: boolean;
  readonly host: string;
  readonly url: string;
  /** As read at the last refresh: checks do not read the catalog again. */
  repository: ImageRepository;
}

interface HostState {
  running: number;
  failures: number;
  retryAt: number;
}

const maxBackoffMs = 15 * 60_000;
const refreshMs = 5000;
/** A repository's own problem (login, name): waiting on the whole host would not help the others. */
const repositoryProblem = /authentication failed|could not read (username|password)|terminal prompts disabled|not found|returned error: 40[134]|does not appear to be a git repository|invalid credentials/i;

function isRepositoryProblem(error: unknown, message: string): boolean {
  if (error instanceof AppError) return error.code === 'unauthorized' || error.code === 'forbidden' || error.code === 'not_found' || error.code === 'invalid_input';
  return repositoryProblem.test(message);
}

export function watchable(repository: ImageRepository): Phrase | null {
  if (!repository.codeRepository) return phrase('triggers.watch.noCodeRepository');
  if (!repository.autoBuild) return phrase('triggers.watch.autoBuildOff');
  return null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Polls every bound repository's remote with one ref listing per check (for an http(s) remote one
 * smart-HTTP request on a kept connection, no process: core/git/smart-http.ts), on the interval from
 * Settings with ±10% jitter so 500 repositories do not all ask at the same second. A failing host
 * is left alone for a doubling time (up to 15 minutes); at most `perHostLimit` checks run against
 * one host at once. It needs nothing from the provider, so it works behind NAT and for a private
 * GitLab the provider could never call back.
 */
export class RemoteWatcher {
  readonly #entries = new Map<string, Entry>();
  readonly #hosts = new Map<string, HostState>();
  readonly #locks = new Map<string, Promise<unknown>>();
  #timer: NodeJS.Timeout | null = null;
  #stopped = true;
  /** Set by stop(): the database may be closed, so late answers from git are dropped. */
  #closed = false;
  #refreshedAt = 0;
  /** Aborted by stop(): a check still waiting on a host ends with its git process. */
  readonly #stopping = new AbortController();
  readonly #random: () => number;
  readonly #perHost: number;

  constructor(private readonly deps: WatcherDeps) {
    this.#random = deps.random ?? Math.random;
    this.#perHost = deps.perHostLimit ?? 4;
  }

  start(): void {
    if (!this.#stopped || this.#closed) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stopping.abort();
  }

  status(repositoryId: string, known?: ImageRepository): WatchStatus {
    const repository = known ?? this.deps.repositories.repository(repositoryId);
    const reason = watchable(repository);
    const row = this.deps.state.watch(repositoryId);
    const entry = this.#entries.get(repositoryId);
    return {
      repositoryId,
      watching: reason === null,
      reason: reason === null ? null : inEnglish(reason),
      ...(reason === null ? {} : { reasonPhrase: reason }),
      checking: entry?.running ?? false,
      lastCheckedAt: row?.lastCheckedAt ?? null,
      lastSuccessAt: row?.lastSuccessAt ?? null,
      nextCheckAt: reason === null && entry && !this.#stopped ? new Date(entry.nextAt).toISOString() : null,
      lastError: row?.lastError ?? null,
      failures: row?.failures ?? 0,
    };
  }

  statuses(): WatchStatus[] {
    return this.deps.repositories.repositories().map((r) => this.status(r.id, r));
  }

  /** Checks one repository now, whatever its schedule or its host's back-off ("Check now"). */
  async pollNow(repositoryId: string): Promise<WatchStatus> {
    const repository = this.deps.repositories.repository(repositoryId);
    const reason = watchable(repository);
    if (reason) throw new AppError('conflict', reason, phrase(repository.codeRepository ? 'triggers.watch.turnOnHint' : 'triggers.watch.bindFirstHint'));
    this.#entry(repository, Date.now());
    this.#emit(repositoryId, repository);
    await this.#poll(repository.id);
    return this.status(repositoryId);
  }

  /** A verified push hook's changes: dispatched like the watcher's, under the same per-repository lock. */
  async handleChanges(repositoryId: string, changes: readonly RefChange[], origin: ChangeOrigin): Promise<DispatchResult | null> {
    return this.#exclusive(repositoryId, async () => {
      const repository = this.deps.repositories.repository(repositoryId);
      const reason = watchable(repository);
      const url = repository.codeRepository?.cloneUrl;
      if (reason || !url) {
        this.deps.activity.add(repositoryId, 'trigger.ignored', phrase('triggers.activity.hookIgnored', { reason: reason ?? phrase('triggers.activity.noCodeRepository') }));
        return null;
      }
      const result = await this.deps.dispatcher.dispatch(repository, changes, origin);
      if (!this.#closed) this.deps.state.apply(repositoryId, url, result.handled);
      return result;
    });
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, delayMs));
    this.#timer.unref();
  }

  #entry(repository: ImageRepository, now: number): Entry | null {
    const url = repository.codeRepository?.cloneUrl;
    if (!url) return null;
    let entry = this.#entries.get(repository.id);
    if (entry && entry.url === url) entry.repository = repository;
    else {
      // The first checks after a start are spread over a short window: a push made while the app was closed is built soon.
      const spread = Math.min(this.deps.intervalSeconds(), 10) * 1000;
      entry = { nextAt: now + this.#random() * spread, running: false, host: hostOf(url), url, repository };
      this.#entries.set(repository.id, entry);
    }
    return entry;
  }

  #tick(): void {
    this.#timer = null;
    if (this.#stopped) return;
    const now = Date.now();
    // The catalog is read again every few seconds: binding a repository or switching automatic
    // builds takes effect that soon without reading 500 rows on every tick.
    if (now - this.#refreshedAt >= refreshMs) {
      this.#refreshedAt = now;
      const seen = new Set<string>();
      for (const repository of this.deps.repositories.repositories()) {
        if (watchable(repository) !== null) continue;
        seen.add(repository.id);
        this.#entry(repository, now);
      }
      for (const id of this.#entries.keys()) if (!seen.has(id) && !this.#entries.get(id)?.running) this.#entries.delete(id);
    }
    let next = now + 1000;
    for (const [id, entry] of this.#entries) {
      if (entry.running) continue;
      if (entry.nextAt > now) {
        next = Math.min(next, entry.nextAt);
        continue;
      }
      const host = this.#host(entry.host);
      if (host.retryAt > now) {
        entry.nextAt = host.retryAt + this.#random() * 1000;
        next = Math.min(next, entry.nextAt);
        continue;
      }
      if (host.running >= this.#perHost) continue;
      void this.#poll(id);
    }
    this.#schedule(Math.min(1000, Math.max(20, next - Date.now())));
  }

  #host(name: string): HostState {
    let host = this.#hosts.get(name);
    if (!host) this.#hosts.set(name, (host = { running: 0, failures: 0, retryAt: 0 }));
    return host;
  }

  #backoff(failures: number): number {
    const base = Math.max(this.deps.intervalSeconds(), 5) * 1000;
    return Math.min(maxBackoffMs, base * 2 ** Math.min(failures, 12)) * (0.8 + 0.4 * this.#random());
  }

  #interval(): number {
    return this.deps.intervalSeconds() * 1000 * (0.9 + 0.2 * this.#random());
  }

  async #poll(repositoryId: string): Promise<void> {
    const entry = this.#entries.get(repositoryId);
    if (!entry) return;
    const host = this.#host(entry.host);
    entry.running = true;
    host.running++;
    try {
      await this.#exclusive(repositoryId, () => this.#check(repositoryId, entry, host));
    } catch (error) {
      if (!this.#closed) this.deps.log?.(`watcher: ${repositoryId}: ${firstLine(error)}`);
    } finally {
      entry.running = false;
      host.running--;
      if (!this.#closed) this.#emit(repositoryId, entry.repository);
      this.#schedule(0);
    }
  }

  async #check(repositoryId: string, entry: Entry, host: HostState): Promise<void> {
    const repository = entry.repository;
    const url = repository.codeRepository?.cloneUrl;
    if (!url || watchable(repository) !== null) return;
    let refs: RefMap;
    try {
      refs = refMapOf(await this.deps.git.listRefs({ cloneUrl: url, sourceId: repository.codeRepository?.sourceId ?? null }, this.#stopping.signal));
    } catch (error) {
      if (this.#closed) return;
      const message = firstLine(error);
      const previous = this.deps.state.watch(repositoryId);
      const row = this.deps.state.checked(repositoryId, url, message);
      if (!isRepositoryProblem(error, message)) {
        host.failures++;
        host.retryAt = Date.now() + this.#backoff(host.failures);
      }
      const wait = this.#backoff(row.failures);
      entry.nextAt = Math.max(Date.now() + wait, host.retryAt);
      if (previous?.lastError !== message) {
        this.deps.activity.add(repositoryId, 'trigger.error', phrase('triggers.activity.checkFailed', { url, error: message, seconds: String(Math.round((entry.nextAt - Date.now()) / 1000)) }));
      }
      return;
    }
    if (this.#closed) return;
    host.failures = 0;
    host.retryAt = 0;
    const known = this.deps.state.refs(repositoryId, url);
    if (!known) {
      this.deps.state.reset(repositoryId, url, refs);
      const branches = [...refs.keys()].filter((k) => k.startsWith('branch:')).length;
      this.deps.activity.add(
        repositoryId,
        'trigger.watch',
        phrase('triggers.activity.startedWatching', { url, branches, tags: refs.size - branches }),
      );
    } else {
      const changes = diffRefs(known, refs);
      if (changes.length > 0) {
        const result = await this.deps.dispatcher.dispatch(repository, changes, 'watcher');
        if (this.#closed) return;
        this.deps.state.apply(repositoryId, url, result.handled);
      }
    }
    const previous = this.deps.state.watch(repositoryId);
    this.deps.state.checked(repositoryId, url, null);
    if (previous?.lastError) this.deps.activity.add(repositoryId, 'trigger.recovered', phrase('triggers.activity.recovered', { url }));
    entry.nextAt = Date.now() + this.#interval();
  }

  #emit(repositoryId: string, repository?: ImageRepository): void {
    if (!this.deps.onStatus || this.#closed) return;
    try {
      this.deps.onStatus(this.status(repositoryId, repository));
    } catch {
      // The repository was deleted meanwhile.
    }
  }

  async #exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.#locks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.#locks.get(key) === next) this.#locks.delete(key);
    }
  }
}
