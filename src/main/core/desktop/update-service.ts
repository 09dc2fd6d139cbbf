import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import type { Preferences } from '../../../shared/models/settings';
import { describeFeed, nextCheckDelay, shouldOffer, updateCheckPolicy, updateFeed, updaterOptions, type UpdateFeed, type UpdaterOptions } from '../../../shared/desktop/update-policy';
import type { UpdateStatus, WhenBuilding } from '../../../shared/desktop/update-status';
import { exitPlan } from '../../../shared/desktop/when-building';
import type { BuildActivity } from './build-activity';
import { settleBuilds, type Canceler } from './exit-builds';
import { redact } from './redact';

/** What electron-updater reports, reduced to what the policy needs. */
export type UpdaterEvent =
  | { readonly kind: 'checking' }
  | { readonly kind: 'available'; readonly version: string }
  | { readonly kind: 'not-available' }
  | { readonly kind: 'progress'; readonly percent: number }
  | { readonly kind: 'downloaded'; readonly version: string }
  | { readonly kind: 'error'; readonly message: string };

/** The Electron side: a thin wrapper of electron-updater. The headless host has none. */
export interface UpdaterPort {
  configure(options: UpdaterOptions, feed: UpdateFeed): void;
  check(): Promise<void>;
  download(): Promise<void>;
  quitAndInstall(): void;
  onEvent(listener: (event: UpdaterEvent) => void): () => void;
}

export interface UpdateServiceDeps {
  readonly version: string;
  readonly preferences: () => Preferences;
  readonly updater: UpdaterPort | null;
  readonly activity: BuildActivity;
  readonly builds: Canceler;
  readonly emit: (status: UpdateStatus) => void;
  readonly log?: (line: string) => void;
  readonly now?: () => number;
  readonly policy?: typeof updateCheckPolicy;
}

const headlessMessage = phrase('desktop.update.headless');

/**
 * The update policy around electron-updater: which channel and feed, whether an offered version
 * is taken (newer, and a prerelease only on beta), when to check, and never a restart while a
 * build runs unless the user chose to stop them.
 */
export class UpdateService {
  #status: UpdateStatus;
  #timer: NodeJS.Timeout | null = null;
  #lastCheck: number | null = null;
  #waitingForIdle = false;
  #closed = false;
  readonly #off: () => void;

  constructor(private readonly deps: UpdateServiceDeps) {
    const prefs = deps.preferences();
    this.#status = {
      state: deps.updater ? 'idle' : 'unsupported',
      currentVersion: deps.version,
      channel: prefs.updateChannel,
      version: null,
      percent: null,
      checkedAt: null,
      message: deps.updater ? null : inEnglish(headlessMessage),
      // The headless host never leaves 'unsupported', so this phrase never goes stale.
      ...(deps.updater ? {} : { phrase: headlessMessage }),
      restartWhenIdle: false,
      feed: deps.updater ? describeFeed(updateFeed(prefs)) : null,
    };
    this.#off = deps.updater?.onEvent((event) => this.#handle(event)) ?? (() => undefined);
  }

  status(): UpdateStatus {
    return this.#status;
  }

  /** Applies the channel and feed from Settings and schedules the first check. */
  start(): void {
    if (!this.deps.updater) return;
    this.configure(this.deps.preferences());
    this.#schedule();
  }

  configure(preferences: Preferences): void {
    const updater = this.deps.updater;
    if (!updater) return;
    const feed = updateFeed(preferences);
    updater.configure(updaterOptions(preferences.updateChannel), feed);
    if (preferences.updateChannel !== this.#status.channel || describeFeed(feed) !== this.#status.feed) {
      this.#set({ channel: preferences.updateChannel, feed: describeFeed(feed) });
    }
  }

  async check(): Promise<UpdateStatus> {
    const updater = this.deps.updater;
    if (!updater) return this.#status;
    // A downloaded update stays ready: checking again would only download it again.
    if (this.#status.state === 'ready' || this.#status.state === 'downloading' || this.#status.state === 'checking') return this.#status;
    this.#lastCheck = this.#now();
    this.#set({ state: 'checking', message: null, checkedAt: new Date(this.#lastCheck).toISOString() });
    try {
      await updater.check();
    } catch (error) {
      this.#handle({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
    this.#schedule();
    return this.#status;
  }

  /** "Restart to update": now if no build runs; otherwise as the user chose (ask refuses with the question). */
  async restartToUpdate(whenBuilding: WhenBuilding): Promise<UpdateStatus> {
    const updater = this.deps.updater;
    if (!updater) throw new AppError('unavailable', phrase('desktop.errors.noSelfUpdate'), headlessMessage);
    if (this.#status.state !== 'ready') throw new AppError('conflict', phrase('desktop.errors.noUpdateReady'), phrase('desktop.errors.noUpdateReadyHint'));
    const plan = exitPlan(this.deps.activity.activeIds(), whenBuilding);
    if (plan.kind === 'ask') {
      throw new AppError('conflict', phrase('app.buildsRunning.count', { count: plan.active }), phrase('app.buildsRunning.countHint'));
    }
    if (plan.kind === 'wait') {
      this.#set({ restartWhenIdle: true });
      // Builds queued meanwhile are waited for too: the restart happens when nothing runs.
      if (!this.#waitingForIdle) {
        this.#waitingForIdle = true;
        void this.deps.activity.whenIdle().then(() => this.#install());
      }
      return this.#status;
    }
    await settleBuilds(plan, this.deps.activity, this.deps.builds, this.deps.log);
    this.#install();
    return this.#status;
  }

  close(): void {
    this.#closed = true;
    this.#off();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #install(): void {
    if (this.#closed || this.#status.state !== 'ready') return;
    this.deps.log?.(`installing update ${this.#status.version ?? ''} and restarting`);
    this.deps.updater?.quitAndInstall();
  }

  #schedule(): void {
    if (this.#closed || !this.deps.updater) return;
    if (this.#timer) clearTimeout(this.#timer);
    const delay = nextCheckDelay(this.#lastCheck, this.#now(), this.deps.policy ?? updateCheckPolicy);
    this.#timer = setTimeout(() => void this.check(), delay);
    this.#timer.unref();
  }

  #handle(event: UpdaterEvent): void {
    if (this.#closed) return;
    switch (event.kind) {
      case 'checking':
        if (this.#status.state !== 'checking') this.#set({ state: 'checking', message: null });
        return;
      case 'not-available':
        this.#set({ state: 'up-to-date', version: null, percent: null });
        return;
      case 'available':
        if (!shouldOffer(this.deps.version, event.version, this.#status.channel)) {
          this.deps.log?.(`update ${event.version} not taken: not newer than ${this.deps.version} on the ${this.#status.channel} channel`);
          this.#set({ state: 'up-to-date', version: null, percent: null });
          return;
        }
        this.#set({ state: 'downloading', version: event.version, percent: 0 });
        this.deps.updater?.download().catch((error: unknown) => this.#handle({ kind: 'error', message: error instanceof Error ? error.message : String(error) }));
        return;
      case 'progress':
        if (this.#status.state === 'downloading') this.#set({ percent: Math.max(0, Math.min(100, event.percent)) });
        return;
      case 'downloaded':
        this.#set({ state: 'ready', version: event.version, percent: 100 });
        return;
      case 'error':
        this.deps.log?.(`update: ${event.message}`);
        // A mirror's address may carry a password, and the status goes to the window.
        this.#set({ state: 'error', message: firstLine(redact(event.message)), percent: null });
        return;
    }
  }

  #set(patch: Partial<UpdateStatus>): void {
    this.#status = { ...this.#status, ...patch };
    this.deps.emit(this.#status);
  }

  #now(): number {
    return this.deps.now?.() ?? Date.now();
  }
}

/** electron-updater's messages can carry a whole HTTP response; the first line says what failed. */
function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim().slice(0, 300);
}
