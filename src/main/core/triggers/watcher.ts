import { AppError } from '../../../shared/errors';
import type { ImageRepository } from '../../../shared/models/repository';
import type { WatchListRow } from '../catalog/repository-store';
import type { WatchStatus } from '../../../shared/models/trigger';
import type { GitAccess, GitRemote, RefListing } from '../git';
import type { ActivityLog } from './activity-log';
import { firstLine, type ChangeOrigin, type DispatchResult, type Dispatcher, type RefChange } from './dispatcher';
import type { RefStateStore } from './ref-state';
import { diffRefs, refMapOf, type RefMap } from './remote-refs';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';

export interface WatcherDeps {
  readonly repositories: { repositories(): ImageRepository[]; repository(id: string): ImageRepository; watchList(): WatchListRow[] };
  readonly state: RefStateStore;
  readonly activity: ActivityLog;
  readonly dispatcher: Dispatcher;
  /** The remote's refs with the bound account's login and CA (core/git: smart HTTP, or git ls-remote). */
  readonly git: Pick<GitAccess, 'readRefs'>;
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
  /** The remote and the account that reads it: repositories with the same key share one listing. */
  readonly remoteKey: string;
  /** As read when the binding last changed: checks do not read the catalog again. */
  repository: ImageRepository;
  /** The code repository as the catalog stores it: a refresh reads the repository again only when this differs. */
  source: string | null;
  /**
   * The stamp of the last listing whose every change was recorded: the same answer again means
   * nothing moved, and is neither parsed nor compared (null: compare the next listing in full).
   */
  stamp: string | null;
}

/** A remote's latest listing, parsed once for every repository bound to it with the same account. */
interface SharedListing {
  readonly stamp: string;
  readonly refs: RefMap;
  readonly at: number;
}

interface HostState {
  running: number;
  failures: number;
  retryAt: number;
}

const maxBackoffMs = 15 * 60_000;
/**
 * Repositories bound to one remote with one account go together: one due pulls along those that
 * would be due within this share of the interval (earlier, never later), and all of them read one
 * listing, reused for at most `shareMs`.
 */
const alongShare = 0.2;
/**
 * Checks due within this share of the interval (at most `batchMs`) go together with one that is
 * due: a check spread alone costs two wake-ups of an idle process (its timer and its answer), which
 * on a virtual machine cost more than the check's own work. Early, never late, so push → queued
 * does not grow.
 */
const batchShare = 0.05;
const batchMs = 1000;
const shareMs = 1000;
const refreshMs = 5000;
/** Check times of unchanged remotes are written together this often (and when the watcher stops). */
const flushMs = 60_000;
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
  readonly #listings = new Map<string, SharedListing>();
  readonly #reading = new Map<string, Promise<SharedListing>>();
  #timer: NodeJS.Timeout | null = null;
  #stopped = true;
  /** Set by stop(): the database may be closed, so late answers from git are dropped. */
  #closed = false;
  #refreshedAt = 0;
  #flushedAt = Date.now();
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
    if (!this.#closed) this.deps.state.flush();
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
    this.#entry(repository, Date.now(), null);
    this.#emit(repositoryId, repository);
    await this.#poll(repository.id, true);
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
      // What is recorded now may differ from what the last listing said: compare the next in full.
      const entry = this.#entries.get(repositoryId);
      if (entry) entry.stamp = null;
      return result;
    });
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, delayMs));
    this.#timer.unref();
  }

  /** `source`: the code repository as stored, when read from the watch list (null: compare again at the next refresh). */
  #entry(repository: ImageRepository, now: number, source: string | null): Entry | null {
    const url = repository.codeRepository?.cloneUrl;
    if (!url) return null;
    let entry = this.#entries.get(repository.id);
    if (entry && entry.url === url) {
      entry.repository = repository;
      entry.source = source;
    } else {
      // The first checks after a start are spread over a short window: a push made while the app was closed is built soon.
      const spread = Math.min(this.deps.intervalSeconds(), 10) * 1000;
      const remoteKey = `${repository.codeRepository?.sourceId ?? ''} ${url}`;
      entry = { nextAt: now + this.#random() * spread, running: false, host: hostOf(url), url, remoteKey, repository, source, stamp: null };
      this.#entries.set(repository.id, entry);
    }
    return entry;
  }

  /**
   * Takes in bindings made, changed or undone and automatic builds switched since the last look,
   * from the catalog's short watch list: 500 repositories are not read and parsed every few seconds.
   */
  #refresh(now: number): void {
    const seen = new Set<string>();
    for (const row of this.deps.repositories.watchList()) {
      if (!row.autoBuild || row.codeRepositoryText === null) continue;
      seen.add(row.id);
      if (this.#entries.get(row.id)?.source === row.codeRepositoryText) continue;
      let repository: ImageRepository;
      try {
        repository = this.deps.repositories.repository(row.id);
      } catch {
        continue; // deleted since the list was read
      }
      if (watchable(repository) === null) this.#entry(repository, now, row.codeRepositoryText);
      else seen.delete(row.id);
    }
    for (const id of this.#entries.keys()) if (!seen.has(id) && !this.#entries.get(id)?.running) this.#entries.delete(id);
    const keys = new Set([...this.#entries.values()].map((e) => e.remoteKey));
    for (const key of this.#listings.keys()) if (!keys.has(key)) this.#listings.delete(key);
  }

  #tick(): void {
    this.#timer = null;
    if (this.#stopped) return;
    const now = Date.now();
    // The catalog is read again every few seconds: binding a repository or switching automatic
    // builds takes effect that soon without reading 500 rows on every tick.
    if (now - this.#refreshedAt >= refreshMs) {
      this.#refreshedAt = now;
      this.#refresh(now);
    }
    if (now - this.#flushedAt >= flushMs) {
      this.#flushedAt = now;
      this.deps.state.flush();
    }
    let next = now + 1000;
    const intervalMs = this.deps.intervalSeconds() * 1000;
    const along = now + intervalMs * alongShare;
    const batch = now + Math.min(batchMs, intervalMs * batchShare);
    const dueRemotes = new Set<string>();
    for (const entry of this.#entries.values()) if (!entry.running && entry.nextAt <= now) dueRemotes.add(entry.remoteKey);
    for (const [id, entry] of this.#entries) {
      if (entry.running) continue;
      if (entry.nextAt > now && !(entry.nextAt <= along && dueRemotes.has(entry.remoteKey)) && !(dueRemotes.size > 0 && entry.nextAt <= batch)) {
        next = Math.min(next, entry.nextAt);
        continue;
      }
      // Due, or going along with a repository of the same remote: it stays due until a slot is free.
      entry.nextAt = Math.min(entry.nextAt, now);
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

  /** `fresh`: ask the remote now rather than reuse a listing another repository just read (Check now). */
  async #poll(repositoryId: string, fresh = false): Promise<void> {
    const entry = this.#entries.get(repositoryId);
    if (!entry) return;
    const host = this.#host(entry.host);
    entry.running = true;
    host.running++;
    try {
      await this.#exclusive(repositoryId, () => this.#check(repositoryId, entry, host, fresh));
    } catch (error) {
      if (!this.#closed) this.deps.log?.(`watcher: ${repositoryId}: ${firstLine(error)}`);
    } finally {
      entry.running = false;
      host.running--;
      if (!this.#closed) this.#emit(repositoryId, entry.repository);
      this.#schedule(0);
    }
  }

  async #check(repositoryId: string, entry: Entry, host: HostState, fresh: boolean): Promise<void> {
    const repository = entry.repository;
    const url = repository.codeRepository?.cloneUrl;
    if (!url || watchable(repository) !== null) return;
    let listing: SharedListing;
    try {
      listing = await this.#listing(entry, { cloneUrl: url, sourceId: repository.codeRepository?.sourceId ?? null }, fresh);
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
    if (listing.stamp !== entry.stamp) await this.#compare(repositoryId, entry, url, listing.stamp, listing.refs);
    if (this.#closed) return;
    const previous = this.deps.state.watch(repositoryId);
    this.deps.state.checked(repositoryId, url, null);
    if (previous?.lastError) this.deps.activity.add(repositoryId, 'trigger.recovered', phrase('triggers.activity.recovered', { url }));
    entry.nextAt = Date.now() + this.#interval();
  }

  /**
   * The remote's listing for this entry: one request per remote and account however many
   * repositories are bound to it, the answer parsed once (and not at all when it is the same bytes
   * as last time), reused by the others for at most `shareMs`. A failure is not kept.
   */
  #listing(entry: Entry, remote: GitRemote, fresh: boolean): Promise<SharedListing> {
    const key = entry.remoteKey;
    const known = this.#listings.get(key);
    if (!fresh && known && Date.now() - known.at <= shareMs) return Promise.resolve(known);
    let reading = this.#reading.get(key);
    if (!reading) {
      reading = (async () => {
        const listing: RefListing = await this.deps.git.readRefs(remote, known?.stamp ?? null, this.#stopping.signal);
        const refs = listing.refs ? refMapOf(listing.refs) : known?.refs;
        // `refs: null` only answers the stamp it was given, which came with refs.
        if (!refs) throw new Error('the remote answered "unchanged" to a listing this watcher does not hold');
        const shared = { stamp: listing.stamp, refs, at: Date.now() };
        this.#listings.set(key, shared);
        return shared;
      })().finally(() => this.#reading.delete(key));
      this.#reading.set(key, reading);
    }
    return reading;
  }

  /** A listing that differs from the last one: what moved is built and recorded. */
  async #compare(repositoryId: string, entry: Entry, url: string, stamp: string, refs: RefMap): Promise<void> {
    const known = this.deps.state.refs(repositoryId, url);
    if (!known) {
      this.deps.state.reset(repositoryId, url, refs);
      entry.stamp = stamp;
      const branches = [...refs.keys()].filter((k) => k.startsWith('branch:')).length;
      this.deps.activity.add(
        repositoryId,
        'trigger.watch',
        phrase('triggers.activity.startedWatching', { url, branches, tags: refs.size - branches }),
      );
      return;
    }
    const changes = diffRefs(known, refs);
    if (changes.length === 0) {
      entry.stamp = stamp;
      return;
    }
    // The repository as it is now: the entry's copy is only as fresh as its binding.
    const repository = this.deps.repositories.repository(repositoryId);
    entry.repository = repository;
    const result = await this.deps.dispatcher.dispatch(repository, changes, 'watcher');
    if (this.#closed) return;
    this.deps.state.apply(repositoryId, url, result.handled);
    // A change left unrecorded (its build could not be queued) is seen again at the next check.
    entry.stamp = result.handled.length === changes.length ? stamp : null;
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
