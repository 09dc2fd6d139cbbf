import type { BuildStep } from '../../../../shared/models/build';
import { exitCodeOf } from './format';
import { LineSplitter } from './lines';
import { TraceReducer } from './reducer';
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

/**
 * The whole response of `POST /build?version=2`, chunk by chunk: parses the JSON lines, decodes the
 * BuildKit trace and keeps the steps, the log, the image id and the failure. One per build.
 */
export class BuildTrace {
  readonly reducer = new TraceReducer();
  private readonly parser = new BuildStreamParser();
  private readonly plain = new LineSplitter();
  private lineCount = 0;
  imageId: string | null = null;
  failure: BuildFailure | null = null;

  /** Log lines produced so far. */
  get lines(): number {
    return this.lineCount;
  }

  write(chunk: Uint8Array | string): BuildTraceUpdate {
    return this.apply(this.parser.push(chunk), false);
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
