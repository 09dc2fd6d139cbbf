import { finishedStatuses, type Build, type BuildStatus } from '../../../shared/models/build';
import type { EventBus } from '../events';

/** The part of the build store the tracker reads once at start. */
export interface ActiveBuildSource {
  queued(): Build[];
  running(): Build[];
  list(filter: { limit: number }): Build[];
}

export interface ActivitySnapshot {
  /** Queued and running builds, oldest first. */
  readonly active: readonly Build[];
  readonly lastFinished: BuildStatus | null;
}

const isActive = (status: BuildStatus): boolean => !finishedStatuses.includes(status);

/**
 * Which builds are queued or running and how the last one ended, kept current from the bus's
 * `builds:changed` events. The tray, quitting and restarting to update all ask it.
 */
export class BuildActivity {
  readonly #active = new Map<string, Build>();
  #lastFinished: { status: BuildStatus; at: string } | null = null;
  readonly #listeners = new Set<(snapshot: ActivitySnapshot) => void>();
  readonly #unsubscribe: () => void;

  constructor(bus: EventBus, source: ActiveBuildSource) {
    for (const build of [...source.running(), ...source.queued()]) this.#active.set(build.id, build);
    const last = source.list({ limit: 20 }).find((b) => !isActive(b.status) && b.finishedAt);
    if (last?.finishedAt) this.#lastFinished = { status: last.status, at: last.finishedAt };
    this.#unsubscribe = bus.subscribe((message) => {
      if (message.event === 'builds:changed') this.#apply(message.payload);
    });
  }

  snapshot(): ActivitySnapshot {
    const active = [...this.#active.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return { active, lastFinished: this.#lastFinished?.status ?? null };
  }

  activeIds(): string[] {
    return [...this.#active.keys()];
  }

  onChange(listener: (snapshot: ActivitySnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves once none of `ids` is queued or running any more. */
  whenEnded(ids: readonly string[]): Promise<void> {
    return this.#until(() => ids.every((id) => !this.#active.has(id)));
  }

  /** Resolves once no build at all is queued or running. */
  whenIdle(): Promise<void> {
    return this.#until(() => this.#active.size === 0);
  }

  close(): void {
    this.#unsubscribe();
    this.#listeners.clear();
  }

  #until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.onChange(() => {
        if (!done()) return;
        off();
        resolve();
      });
    });
  }

  #apply(build: Build): void {
    if (isActive(build.status)) this.#active.set(build.id, build);
    else {
      this.#active.delete(build.id);
      // A canceled build says nothing about the code: it neither raises nor clears a failure.
      if (build.status !== 'canceled' && build.finishedAt && (!this.#lastFinished || build.finishedAt >= this.#lastFinished.at)) {
        this.#lastFinished = { status: build.status, at: build.finishedAt };
      }
    }
    const snapshot = this.snapshot();
    for (const listener of [...this.#listeners]) listener(snapshot);
  }
}
