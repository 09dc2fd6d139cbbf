import type { BuildStep } from '../../../shared/models/build';
import type { EventBus } from '../events';
import type { BuildStore } from './build-store';
import type { LogStore } from './log-store';

const flushEveryMs = 50;
/**
 * A batch this big means a flood (100,000 lines a second and more): the next one waits twice as
 * long. Each batch costs every reader (the socket, the page's parse and paint) something whatever
 * its size, and a flood's lines are read by no one as they pass; measured on a step printing
 * 400,000 lines, 4 sets of 3 runs: last line on screen 1.48–1.63 × the raw stream at 100 ms against
 * 1.56–1.81 × at 50 ms, line latency p95 no worse. A log that trickles keeps its 50 ms.
 */
const floodLines = 5_000;
const floodFlushMs = 100;
/**
 * A batch longer than this goes to the renderer as its last this-many lines: a page following a
 * flood shows its last screen, and reading every line as it passes cost the page and the host more
 * than the engine's own work (measured on a step printing 400,000 lines: the page's main thread
 * busy ~2.3 s and the container printing 1.3-1.4x slower while the cores were shared; with the
 * tails, engine → screen p95 66 ms against 233 ms). The page reads a skipped line from the stored
 * log when it comes into view or a search, a copy or a download needs it.
 */
export const liveTailLines = 1_000;
/**
 * A batch also goes once the stream has been quiet this long: a burst (a compiler's page of
 * warnings, a test run's summary) has ended, and waiting out the batch adds latency and saves nothing.
 */
const quietFlushMs = 10;

/** What the sink records about the build besides its log. */
export type BuildProgressStore = Pick<BuildStore, 'setLogLines' | 'setSteps' | 'noteEvent'>;

/**
 * Where a running build's lines and steps go: each line to the log file at once (never lost), and
 * to the renderer in batches, so a step printing 100k lines a second costs one event per 50 ms
 * (100 ms in a flood), not one per line, and no more than `liveTailLines` lines per event. A batch
 * goes sooner when the stream pauses for `quietFlushMs`.
 */
export class LogSink {
  /**
   * The batch's lines as the writes gave them (a write's array is kept, not copied). Writes wholly
   * before the batch's last `liveTailLines` are dropped as they pass: a flood's batch goes out as
   * its tail, and copying each of its lines into one array only to send the last thousand was about
   * a quarter of the sink's time.
   */
  #pending: (readonly string[])[] = [];
  /** Lines held in `#pending`. */
  #held = 0;
  /** Lines written since the last batch went, held or dropped. */
  #pendingLines = 0;
  #pendingFrom = 0;
  #steps: readonly BuildStep[] | null = null;
  #timer: NodeJS.Timeout | undefined;
  /** When the pending batch is due (performance.now()). */
  #dueAt = 0;
  #lines: number;
  /** Lines in the last batch sent: how long the next one may wait. */
  #lastBatch = 0;
  /** Kept so a build cut off by a crash can say when it was last heard from (Date.now()). */
  #lastEventAt: number | null = null;
  /** One timer looks for a pause in the stream; each write only notes its time (performance.now()). */
  #quietTimer: NodeJS.Timeout | undefined;
  #lastWriteAt = 0;

  constructor(
    private readonly buildId: string,
    private readonly logs: LogStore,
    private readonly store: BuildProgressStore,
    private readonly bus: EventBus,
    /** How long a batch may wait, and the pause that sends it sooner (tests stretch them to tell the two apart). */
    private readonly timing: { readonly batchMs: number; readonly quietMs: number } = { batchMs: flushEveryMs, quietMs: quietFlushMs },
  ) {
    this.#lines = logs.append(buildId, []);
  }

  get lines(): number {
    return this.#lines;
  }

  /** Lines as a trace splits them; the sink keeps the array until its batch goes, so it must not change. */
  write(lines: readonly string[]): void {
    if (lines.length === 0) return;
    if (this.#pendingLines === 0) this.#pendingFrom = this.#lines;
    this.#lines = this.logs.append(this.buildId, lines);
    this.#pending.push(lines);
    this.#held += lines.length;
    this.#pendingLines += lines.length;
    while (this.#pending.length > 1 && this.#held - this.#pending[0]!.length >= liveTailLines) this.#held -= this.#pending.shift()!.length;
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
    this.#lastWriteAt = performance.now();
    this.#quietTimer ??= setTimeout(this.#whenQuiet, this.timing.quietMs);
    if (this.#timer === undefined) {
      const wait = this.#lastBatch >= floodLines ? Math.max(floodFlushMs, this.timing.batchMs) : this.timing.batchMs;
      this.#timer = setTimeout(() => this.flush(), wait);
      this.#dueAt = performance.now() + wait;
    } else if (performance.now() >= this.#dueAt) {
      // An engine streaming fast keeps the event loop in its reads for long turns (libuv reads a
      // busy socket up to 32 times per turn), and the timer waits behind them: seen here as 0.5–0.9 s
      // between batches. A write that finds its batch overdue sends it.
      this.flush();
    }
  }

  #whenQuiet = (): void => {
    this.#quietTimer = undefined;
    if (this.#timer === undefined) return;
    const quietFor = performance.now() - this.#lastWriteAt;
    if (quietFor >= this.timing.quietMs) this.flush();
    else this.#quietTimer = setTimeout(this.#whenQuiet, this.timing.quietMs - quietFor);
  };

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#quietTimer) clearTimeout(this.#quietTimer);
    this.#quietTimer = undefined;
    this.#lastBatch = this.#pendingLines;
    if (this.#pendingLines > 0) {
      const whole = this.#pendingLines <= liveTailLines;
      const held = this.#pending;
      this.#pending = [];
      this.#held = 0;
      this.#pendingLines = 0;
      this.store.setLogLines(this.buildId, this.#lines);
      if (whole) this.bus.emit('builds:log', { buildId: this.buildId, from: this.#pendingFrom, lines: held.flat() });
      else {
        // One write can be a whole flood's batch: its tail is sliced from it, not from a copy.
        const tail = (held.length === 1 ? held[0]! : held.flat()).slice(-liveTailLines);
        this.bus.emit('builds:log', { buildId: this.buildId, from: this.#lines - liveTailLines, lines: tail });
      }
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
