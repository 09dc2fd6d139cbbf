import type { BuildStep } from '../../../shared/models/build';
import type { EventBus } from '../events';
import type { BuildStore } from './build-store';
import type { LogStore } from './log-store';

const flushEveryMs = 50;

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
  #lines: number;
  /** Kept so a build cut off by a crash can say when it was last heard from. */
  #lastEventAt: string | null = null;

  constructor(
    private readonly buildId: string,
    private readonly logs: LogStore,
    private readonly store: BuildStore,
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
    this.#lastEventAt = new Date().toISOString();
    this.#schedule();
  }

  line(text: string): void {
    this.write([text]);
  }

  steps(steps: readonly BuildStep[]): void {
    this.#steps = steps;
    this.#lastEventAt = new Date().toISOString();
    this.#schedule();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => this.flush(), flushEveryMs);
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
    if (this.#lastEventAt) {
      this.store.noteEvent(this.buildId, this.#lastEventAt);
      this.#lastEventAt = null;
    }
  }

  close(): void {
    this.flush();
    this.logs.close(this.buildId);
  }
}
