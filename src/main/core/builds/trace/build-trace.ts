import type { BuildStep } from '../../../../shared/models/build';
import { exitCodeOf } from './format';
import { LineSplitter } from './lines';
import { TraceReducer, type TraceLabels } from './reducer';
import { BuildStreamParser } from './stream';

export interface BuildFailure {
  /** The engine's message, as the last `errorDetail` of the stream gave it. */
  readonly message: string;
  /** A failed RUN's exit code, when the message carries one. */
  readonly exitCode: number | null;
  /** The failed step, when BuildKit named one. */
  readonly step: BuildStep | null;
  /** That step's last output lines. */
  readonly lastLines: readonly string[];
}

export interface BuildTraceUpdate {
  readonly lines: string[];
  /** All steps, only when one changed since the last update (null otherwise). */
  readonly steps: BuildStep[] | null;
}

const utf8 = new TextEncoder();

export interface BuildTraceOptions extends TraceLabels {
  /** A monotonic clock, ms. */
  readonly now?: () => number;
  /** How long the engine may send only empty progress before the log says so (then at twice, four times…). */
  readonly quietNoteMs?: number;
}

/** A stretch of the stream that held only empty trace messages. */
interface EmptyRun {
  readonly since: number;
  messages: number;
  /** When the next note is due, ms after `since`. */
  noteAfter: number;
  noted: boolean;
}

/**
 * The whole response of `POST /build?version=2`, chunk by chunk: parses the JSON lines, decodes the
 * BuildKit trace and keeps the steps, the log, the image id and the failure. One per build.
 */
export class BuildTrace {
  readonly reducer: TraceReducer;
  private readonly parser = new BuildStreamParser();
  private readonly plain = new LineSplitter();
  private lineCount = 0;
  private emptyRun: EmptyRun | null = null;
  private readonly now: () => number;
  private readonly quietNoteMs: number;
  imageId: string | null = null;
  failure: BuildFailure | null = null;

  constructor(options: BuildTraceOptions = {}) {
    this.reducer = new TraceReducer(options);
    this.now = options.now ?? (() => performance.now());
    this.quietNoteMs = options.quietNoteMs ?? 30_000;
  }

  /** Log lines produced so far. */
  get lines(): number {
    return this.lineCount;
  }

  /** Empty trace messages the engine sent so far (they carry nothing and make no line). */
  get emptyTraces(): number {
    return this.parser.emptyTraces;
  }

  write(chunk: Uint8Array | string): BuildTraceUpdate {
    const emptiesBefore = this.parser.emptyTraces;
    const events = this.parser.push(chunk);
    const update = this.apply(events, false);
    const note = this.watchEmptyRun(this.parser.emptyTraces - emptiesBefore, events.length > 0);
    if (note) {
      update.lines.push(note);
      this.lineCount++;
    }
    return update;
  }

  /** The response ended (or was aborted): flushes partial lines and writes the failure summary. */
  end(): BuildTraceUpdate {
    return this.apply(this.parser.end(), true);
  }

  steps(): BuildStep[] {
    return this.reducer.steps();
  }

  private apply(events: ReturnType<BuildStreamParser['push']>, ending: boolean): BuildTraceUpdate {
    let lines: string[] = [];
    let stepsChanged = false;
    const add = (more: string[]) => {
      if (lines.length === 0) lines = more;
      else for (const line of more) lines.push(line);
    };
    for (const event of events) {
      switch (event.kind) {
        case 'trace': {
          const update = this.reducer.push(event.response);
          add(update.lines);
          stepsChanged ||= update.stepsChanged;
          break;
        }
        case 'stream':
          this.plain.push(utf8.encode(event.text), null, (line) => lines.push(line));
          break;
        case 'imageId':
          this.imageId = event.id;
          break;
        case 'error': {
          const step = this.reducer.failedStep();
          this.failure = {
            message: event.message,
            exitCode: exitCodeOf(event.message) ?? (step?.error ? exitCodeOf(step.error) : null),
            step,
            lastLines: step ? [...this.reducer.tailOf(step.id)] : [],
          };
          break;
        }
        case 'aux':
          break;
      }
    }
    if (ending) {
      const update = this.reducer.end();
      add(update.lines);
      stepsChanged ||= update.stepsChanged;
      this.plain.flush((line) => lines.push(line));
      if (this.failure) add(this.summary(this.failure));
    }
    this.lineCount += lines.length;
    return { lines, steps: stepsChanged ? this.reducer.steps() : null };
  }

  /**
   * dockerd 20.10 can answer a backlog of step output with empty progress messages without end
   * (TESTING.md): the build then looks alive but may never finish. The log says so once the run
   * of empty messages lasts `quietNoteMs`, again at each doubling, and when progress comes back.
   */
  private watchEmptyRun(empties: number, heard: boolean): string | null {
    const run = this.emptyRun;
    if (heard) {
      this.emptyRun = null;
      if (!run?.noted) return null;
      return `Note: the engine sent progress again after ${seconds(this.now() - run.since)} of empty progress messages (${count(run.messages)}).`;
    }
    if (empties === 0) return null;
    const now = this.now();
    if (!run) {
      this.emptyRun = { since: now, messages: empties, noteAfter: this.quietNoteMs, noted: false };
      return null;
    }
    run.messages += empties;
    if (now - run.since < run.noteAfter) return null;
    run.noteAfter *= 2;
    run.noted = true;
    return (
      `Note: for ${seconds(now - run.since)} the engine has sent only empty progress messages (${count(run.messages)}): no output, no step change. ` +
      'Docker Engine 20.10 does this without end once more than about 1 MiB of step output waits to be sent (a step printing very fast), ' +
      'and the build may then never finish. Cancel it and make that step print less or more slowly, or use a newer engine.'
    );
  }

  /** The closing block the docker CLI prints for a failed build: the step, its last lines, the error. */
  private summary(failure: BuildFailure): string[] {
    const block = [''];
    if (failure.step) {
      block.push('------', ` > ${failure.step.name}:`);
      for (const line of failure.lastLines.slice(-10)) block.push(`   ${line}`);
      block.push('------');
    }
    block.push(`ERROR: ${failure.message}`);
    return block;
  }
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const count = (n: number) => `${n.toLocaleString('en-US')} of them`;
