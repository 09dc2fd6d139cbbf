import type { BuildStep } from '../../../../shared/models/build';
import type { LogSink } from '../log-sink';

/**
 * The build's step list with Slipway's own steps (the tests) after BuildKit's: the trace sends its
 * whole list on every change, so the tests are added to each list it sends.
 */
export class StepList {
  #trace: readonly BuildStep[] = [];
  readonly #own: BuildStep[] = [];

  /** `number`: the build's next `#n`, shared with its traces. */
  constructor(
    private readonly sink: LogSink,
    private readonly number: () => number,
  ) {}

  /** BuildKit's steps of the image build, as the trace reports them. */
  trace(steps: readonly BuildStep[]): void {
    this.#trace = steps;
    this.#publish();
  }

  /** Opens a step and prints its header as plain progress does, so the step list can find it in the log. */
  start(id: string, name: string, platform: string | null): { line: (text: string) => void; end: (error: string | null) => void } {
    const step: BuildStep = { id, name, platform, cached: false, startedAt: new Date().toISOString(), completedAt: null, error: null };
    this.#own.push(step);
    const number = this.number();
    this.sink.line('');
    this.sink.line(`#${number} ${name}`);
    this.#publish();
    return {
      line: (text) => this.sink.line(`#${number} ${text}`),
      end: (error) => {
        const index = this.#own.indexOf(step);
        // Only the first end counts: a test that failed stays failed when its clean-up fails too.
        if (index < 0) return;
        this.#own[index] = error === null ? { ...step, completedAt: new Date().toISOString() } : { ...step, error };
        this.#publish();
      },
    };
  }

  #publish(): void {
    this.sink.steps([...this.#trace, ...this.#own]);
  }
}
