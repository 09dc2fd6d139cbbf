import type { BuildStep } from '../../../shared/models/build';
import type { EventBus } from '../events';
import type { BuildStore } from './build-store';
import type { LogStore } from './log-store';

const flushEveryMs = 50;

/** What the sink records about the build besides its log. */
export type BuildProgressStore = Pick<BuildStore, 'setLogLines' | 'setSteps' | 'noteEvent'>;

/**
 * Where a running build's lines and steps go: each line to the log file at once (never lost), and
 * to the renderer in batches, so a step printing 100k lines a second costs one event per 50 ms,
 * not one per line.
 */
export class LogSink {
  #pending: string[] = [];
  #pendingFrom = 0;
  #steps: readonly BuildStep[] | null = null;
  #timer: NodeJS.Timeout | undefined;
  /** When the pending batch is due (performance.now()). */
  #dueAt = 0;
  #lines: number;
  /** Kept so a build cut off by a crash can say when it was last heard from (Date.now()). */
  #lastEventAt: number | null = null;

  constructor(
    private readonly buildId: string,
    private readonly logs: LogStore,
    private readonly store: BuildProgressStore,
    private readonly bus: EventBus,
  ) {
    this.#lines = logs.append(buildId, []);
  }

  get lines(): number {
    return this.#lines;
  }

  write(lines: readonly string[]): void {
    if (lines.length === 0) return;
    if (this.#pending.length === 0) this.#pendingFrom = this.#lines;
    this.#lines = this.logs.append(this.buildId, lines);
    for (const line of lines) this.#pending.push(line);
    this.#lastEventAt = Date.now();
    this.#schedule();
  }

  line(text: string): void {
    this.write([text]);
  }

  steps(steps: readonly BuildStep[]): void {
    this.#steps = steps;
    this.#lastEventAt = Date.now();
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), flushEveryMs);
      this.#dueAt = performance.now() + flushEveryMs;
    } else if (performance.now() >= this.#dueAt) {
      // An engine streaming fast keeps the event loop in its reads for long turns (libuv reads a
      // busy socket up to 32 times per turn), and the timer waits behind them: seen here as 0.5–0.9 s
      // between batches. A write that finds its batch overdue sends it.
      this.flush();
    }
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length > 0) {
      const lines = this.#pending;
      this.#pending = [];
      this.store.setLogLines(this.buildId, this.#lines);
      this.bus.emit('builds:log', { buildId: this.buildId, from: this.#pendingFrom, lines });
    }
    if (this.#steps) {
      const steps = this.#steps;
      this.#steps = null;
      this.store.setSteps(this.buildId, steps);
      this.bus.emit('builds:steps', { buildId: this.buildId, steps: [...steps] });
    }
    if (this.#lastEventAt !== null) {
      this.store.noteEvent(this.buildId, new Date(this.#lastEventAt).toISOString());
      this.#lastEventAt = null;
    }
  }

  close(): void {
    this.flush();
    this.logs.close(this.buildId);
  }
}
