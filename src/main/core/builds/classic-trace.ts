import type { BuildStep } from '../../../shared/models/build';
import type { BuildTraceLike, TraceFailure } from './ports';
import { LineSplitter } from './trace/lines';
import { seconds } from './trace/format';

/** buildah's step header: `STEP 2/5: RUN make`, in a multi-stage build `[2/3] STEP 1/4: FROM …` (Podman 4.3). */
const stepHeader = /^(?:\[(\d+)\/\d+\] )?STEP (\d+)\/(\d+): (.*)$/;
/** A stage's name as its FROM gives it (`FROM base AS build`). */
const stageAlias = /^FROM\s+\S+\s+AS\s+(\S+)/i;
/** The end of a step: `--> 5d71a3a5379`, or `--> Using cache 5d71…` when the layer was reused. */
const stepEnd = /^--> (Using cache )?[0-9a-f]{6,}$/;
const tailSize = 20;
const utf8 = new TextEncoder();

interface StepState {
  readonly step: BuildStep;
  readonly index: number;
  readonly started: number;
  cached: boolean;
  ended: boolean;
  readonly tail: string[];
}

/**
 * The JSON message stream of a classic `POST /build` (Podman's buildah: `stream`, `aux.ID`,
 * `error`/`errorDetail`), turned into the same log shape and step list the BuildKit trace gives:
 * `#n [2/5] RUN make`, `#n 0.412 output`, `#n DONE 1.2s`, and the failed step with its last lines.
 */
export class ClassicTrace implements BuildTraceLike {
  failure: TraceFailure | null = null;
  imageId: string | null = null;
  readonly #steps: StepState[] = [];
  readonly #stages = new Map<string, string>();
  readonly #text = new LineSplitter();
  readonly #decoder = new TextDecoder('utf-8');
  #rest = '';
  #out: string[] = [];
  #changed = false;
  #lineCount = 0;

  constructor(private readonly now: () => number = Date.now) {}

  write(chunk: Uint8Array): { lines: readonly string[]; steps: readonly BuildStep[] | null } {
    const lines = (this.#rest + this.#decoder.decode(chunk, { stream: true })).split('\n');
    this.#rest = lines.pop() ?? '';
    for (const line of lines) this.#message(line);
    return this.#take();
  }

  end(): { lines: readonly string[]; steps: readonly BuildStep[] | null } {
    this.#message(this.#rest + this.#decoder.decode());
    this.#rest = '';
    this.#text.flush((line) => this.#line(line));
    const current = this.#current();
    if (current && !current.ended && !this.failure) this.#finish(current);
    if (this.failure) this.#summary(this.failure);
    return this.#take();
  }

  steps(): BuildStep[] {
    return this.#steps.map((s) => s.step);
  }

  #message(raw: string): void {
    if (!raw.trim()) return;
    let message: { stream?: unknown; error?: unknown; errorDetail?: { message?: unknown }; aux?: { ID?: unknown } };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return;
    }
    if (typeof message.stream === 'string') this.#text.push(utf8.encode(message.stream), null, (line) => this.#line(line));
    if (typeof message.aux?.ID === 'string') this.imageId = message.aux.ID;
    const error = typeof message.errorDetail?.message === 'string' ? message.errorDetail.message : typeof message.error === 'string' ? message.error : null;
    if (error !== null) this.#fail(error.trim());
  }

  #line(line: string): void {
    const header = stepHeader.exec(line);
    if (header) {
      const previous = this.#current();
      if (previous && !previous.ended) this.#finish(previous);
      const [, stage, n, m, instruction = ''] = header;
      this.#open(`[${this.#stageName(stage, instruction)}${n}/${m}] ${instruction}`);
      return;
    }
    const current = this.#current();
    if (current && !current.ended && stepEnd.test(line)) {
      if (line.startsWith('--> Using cache')) current.cached = true;
      this.#finish(current);
      return;
    }
    if (current && !current.ended) {
      if (current.tail.length >= tailSize * 4) current.tail.splice(0, current.tail.length - tailSize);
      current.tail.push(line);
      this.#emit(`#${current.index} ${seconds(this.now() - current.started, 3)} ${line}`);
      return;
    }
    // After the last step: COMMIT, "Successfully tagged …", the image id, buildah's warnings.
    this.#emit(line);
  }

  /**
   * BuildKit's prefix for a step of a multi-stage build: the stage's alias, else `stage-N` counted
   * from 0 (`[build 2/3]`, `[stage-1 1/2]`); none in a single-stage build.
   */
  #stageName(stage: string | undefined, instruction: string): string {
    if (stage === undefined) return '';
    if (!this.#stages.has(stage)) this.#stages.set(stage, stageAlias.exec(instruction)?.[1] ?? `stage-${Number(stage) - 1}`);
    return `${this.#stages.get(stage)} `;
  }

  #open(name: string): void {
    const started = this.now();
    const index = this.#steps.length + 1;
    const step: BuildStep = { id: `classic-${index}`, name, platform: null, cached: false, startedAt: new Date(started).toISOString(), completedAt: null, error: null };
    this.#steps.push({ step, index, started, cached: false, ended: false, tail: [] });
    if (this.#lineCount > 0) this.#emit('');
    this.#emit(`#${index} ${name}`);
    this.#changed = true;
  }

  #finish(state: StepState, error: string | null = null): void {
    state.ended = true;
    const at = this.now();
    const i = this.#steps.indexOf(state);
    this.#steps[i] = { ...state, step: { ...state.step, cached: state.cached, completedAt: new Date(at).toISOString(), error } };
    if (error !== null) this.#emit(`#${state.index} ERROR: ${error}`);
    else this.#emit(state.cached ? `#${state.index} CACHED` : `#${state.index} DONE ${seconds(at - state.started, 1)}s`);
    this.#changed = true;
  }

  #fail(message: string): void {
    this.#text.flush((line) => this.#line(line));
    const current = this.#current();
    const running = current && !current.ended ? current : null;
    if (running) this.#finish(running, message);
    const failed = running ? this.#steps[this.#steps.length - 1] : undefined;
    this.failure = { message, exitCode: exitStatusOf(message), step: failed?.step ?? null, lastLines: failed ? failed.tail.slice(-tailSize) : [] };
  }

  /** The closing block, as the BuildKit trace writes it for a failed build. */
  #summary(failure: TraceFailure): void {
    this.#emit('');
    if (failure.step) {
      this.#emit('------');
      this.#emit(` > ${failure.step.name}:`);
      for (const line of failure.lastLines.slice(-10)) this.#emit(`   ${line}`);
      this.#emit('------');
    }
    this.#emit(`ERROR: ${failure.message}`);
  }

  #current(): StepState | undefined {
    return this.#steps[this.#steps.length - 1];
  }

  #emit(line: string): void {
    this.#out.push(line);
    this.#lineCount++;
  }

  #take(): { lines: readonly string[]; steps: readonly BuildStep[] | null } {
    const lines = this.#out;
    this.#out = [];
    const steps = this.#changed ? this.steps() : null;
    this.#changed = false;
    return { lines, steps };
  }
}

/** buildah reports a failed RUN as `…: while running runtime: exit status 3`. */
export function exitStatusOf(message: string): number | null {
  const match = /exit status (\d+)\s*$/.exec(message);
  return match ? Number(match[1]) : null;
}
