import type { BuildStep } from '../../../../shared/models/build';
import { humanSize, isCancellation, platformOfStep, seconds } from './format';
import { LineSplitter } from './lines';
import type { StatusResponse, TraceLog, TraceStatus, TraceVertex } from './proto';

/** How many of a step's last output lines are kept for an error summary. */
const tailSize = 20;

interface VertexState {
  readonly digest: string;
  name: string;
  inputs: readonly string[];
  cached: boolean;
  /** First start: a vertex BuildKit restarts keeps its original start. */
  started: number | null;
  completed: number | null;
  error: string;
  /** `#n` in the log; 0 until the vertex first prints. */
  index: number;
  /** The log line of the vertex's first header, or -1. */
  firstLine: number;
  /** DONE/CACHED/ERROR printed. */
  ended: boolean;
  errorPrinted: boolean;
  streams: Map<number, LineSplitter>;
  /** Status ids already printed as done. */
  statusesDone: Set<string> | null;
  /** Transfers in progress (pulls, context upload), by status id. */
  progress: Map<string, StepProgress> | null;
  tail: string[];
  prefix: string;
  prefixTime: number | null | undefined;
}

/** Bytes (or items) done of a total; total 0 when BuildKit does not know it. */
export interface StepProgress {
  readonly current: number;
  readonly total: number;
}

export interface TraceUpdate {
  /** New log lines, in the order `docker build --progress=plain` prints them. */
  readonly lines: string[];
  /** Whether any step's name, cache state, times or error changed. */
  readonly stepsChanged: boolean;
}

/**
 * Folds the StatusResponses of one build into its steps and its plain-text log. Stateful and
 * incremental: feed every response in arrival order, read the lines each call returns, call end()
 * once when the stream closes.
 */
export class TraceReducer {
  private readonly vertices = new Map<string, VertexState>();
  private readonly platform: string | null;
  private readonly number: () => number;
  private readonly order: VertexState[] = [];
  private current: VertexState | null = null;
  private nextIndex = 1;
  private lineCount = 0;
  private out: string[] = [];
  private changed = false;

  /**
   * `platform`: this trace is one platform of a build that runs several, each its own BuildKit
   * solve; every step name then carries it as BuildKit's own multi-platform progress writes it
   * (`[linux/arm64 2/3] RUN …`, `[linux/arm64 internal] …`, `[linux/arm64] exporting to image`), and
   * step ids carry it too (two platforms' solves share vertices such as the Dockerfile's load).
   * `number`: where the build's `#n` come from when several traces write one log, so each is once.
   */
  constructor(options: TraceLabels = {}) {
    this.platform = options.platform ?? null;
    this.number = options.number ?? (() => this.nextIndex++);
  }

  /** Log lines produced so far. */
  get lines(): number {
    return this.lineCount;
  }

  push(response: StatusResponse): TraceUpdate {
    this.out = [];
    this.changed = false;
    for (const v of response.vertexes) this.vertex(v);
    for (const s of response.statuses) this.status(s);
    for (const l of response.logs) this.log(l);
    for (const w of response.warnings) {
      const state = this.state(w.vertex);
      this.print(state, `WARN: ${w.short}`);
    }
    // Headers and completions come after the logs of the same response (a vertex's last output
    // arrives before or with its completion), in the response's vertex order so one step's DONE
    // precedes the next step's header.
    for (const v of response.vertexes) this.settle(this.state(v.digest));
    return this.take();
  }

  /** The stream closed: prints partial lines still waiting for a newline. */
  end(): TraceUpdate {
    this.out = [];
    this.changed = false;
    for (const state of this.order) this.flushStreams(state);
    return this.take();
  }

  /**
   * Every step seen, each after the steps it builds on and otherwise in the order BuildKit first
   * reported it: BuildKit may announce `[2/3]` before `[1/3]`.
   */
  steps(): BuildStep[] {
    return this.dependencyOrder().map((s) => ({
      id: this.idOf(s.digest),
      name: s.name,
      platform: platformOfStep(s.name),
      cached: s.cached,
      startedAt: s.started === null ? null : new Date(s.started).toISOString(),
      completedAt: s.completed === null ? null : new Date(s.completed).toISOString(),
      error: s.error === '' ? null : s.error,
    }));
  }

  private dependencyOrder(): VertexState[] {
    const sorted: VertexState[] = [];
    const placed = new Set<VertexState>();
    const visiting = new Set<VertexState>();
    const place = (state: VertexState) => {
      if (placed.has(state) || visiting.has(state)) return;
      visiting.add(state);
      for (const input of state.inputs) {
        const before = this.vertices.get(input);
        if (before) place(before);
      }
      visiting.delete(state);
      placed.add(state);
      sorted.push(state);
    };
    for (const state of this.order) place(state);
    return sorted;
  }

  /** The log line (0-based) where a step's output first appears, or null if it never printed. */
  firstLineOf(stepId: string): number | null {
    const state = this.vertices.get(stepId);
    return state && state.firstLine >= 0 ? state.firstLine : null;
  }

  /** A running step's transfers in progress, summed (a pull's layers, the context upload); null when none. */
  progressOf(stepId: string): StepProgress | null {
    const active = this.vertices.get(stepId)?.progress;
    if (!active || active.size === 0) return null;
    let current = 0;
    let total = 0;
    for (const p of active.values()) {
      current += p.current;
      total += p.total;
    }
    return { current, total };
  }

  /** The last output lines of a step (without the `#n time` prefix), for an error summary. */
  tailOf(stepId: string): readonly string[] {
    const digest = this.platform && stepId.endsWith(`@${this.platform}`) ? stepId.slice(0, -this.platform.length - 1) : stepId;
    return this.vertices.get(digest)?.tail.slice(-tailSize) ?? [];
  }

  /** The first step that failed (other than by cancellation), if any. */
  failedStep(): BuildStep | null {
    const failed = this.order.find((s) => s.error !== '' && !isCancellation(s.error));
    const id = failed ? this.idOf(failed.digest) : null;
    return id ? (this.steps().find((s) => s.id === id) ?? null) : null;
  }

  private idOf(digest: string): string {
    return this.platform ? `${digest}@${this.platform}` : digest;
  }

  private take(): TraceUpdate {
    const update = { lines: this.out, stepsChanged: this.changed };
    this.out = [];
    return update;
  }

  private state(digest: string): VertexState {
    let state = this.vertices.get(digest);
    if (!state) {
      state = {
        digest,
        name: '',
        inputs: [],
        cached: false,
        started: null,
        completed: null,
        error: '',
        index: 0,
        firstLine: -1,
        ended: false,
        errorPrinted: false,
        streams: new Map(),
        statusesDone: null,
        progress: null,
        tail: [],
        prefix: '',
        prefixTime: undefined,
      };
      this.vertices.set(digest, state);
      this.order.push(state);
      this.changed = true;
    }
    return state;
  }

  private vertex(v: TraceVertex): void {
    const state = this.state(v.digest);
    const name = this.platform && v.name !== '' ? labelled(this.platform, v.name) : v.name;
    if (name !== '' && name !== state.name) {
      state.name = name;
      this.changed = true;
    }
    if (v.inputs.length > 0 && state.inputs.length === 0) {
      state.inputs = v.inputs;
      this.changed = true;
    }
    if (v.cached !== state.cached) {
      state.cached = v.cached;
      this.changed = true;
    }
    if (v.started !== null && state.started === null) {
      state.started = v.started;
      this.changed = true;
    }
    if (v.completed !== state.completed && v.completed !== null) {
      state.completed = v.completed;
      this.changed = true;
    } else if (v.completed === null && state.completed !== null && v.started !== null) {
      // Restarted: running again until it completes again.
      state.completed = null;
      state.ended = false;
      this.changed = true;
    }
    if (v.error !== '' && v.error !== state.error) {
      state.error = v.error;
      this.changed = true;
    }
  }

  private settle(state: VertexState): void {
    if (state.started === null) return;
    if (state.completed === null) {
      if (state.index === 0) this.switchTo(state);
      return;
    }
    if (!state.ended) {
      this.flushStreams(state);
      state.ended = true;
      if (state.cached) this.print(state, 'CACHED');
      else if (state.error === '') this.print(state, `DONE ${seconds(state.completed - state.started, 1)}s`);
    }
    if (state.error !== '' && !state.errorPrinted) {
      state.errorPrinted = true;
      this.flushStreams(state);
      const word = isCancellation(state.error) ? 'CANCELED' : `ERROR: ${state.error}`;
      this.print(state, word);
    }
  }

  private status(s: TraceStatus): void {
    const state = this.state(s.vertex);
    const active = (state.progress ??= new Map());
    if (s.completed === null) {
      active.set(s.id, { current: s.current, total: s.total });
      return;
    }
    active.delete(s.id);
    const done = (state.statusesDone ??= new Set());
    if (done.has(s.id)) return;
    done.add(s.id);
    const amount = s.total > 0 ? ` ${humanSize(s.current)} / ${humanSize(s.total)}` : s.current > 0 ? ` ${humanSize(s.current)}` : '';
    this.print(state, `${s.id}${amount} done`);
  }

  private log(l: TraceLog): void {
    const state = this.state(l.vertex);
    let splitter = state.streams.get(l.stream);
    if (!splitter) {
      splitter = new LineSplitter();
      state.streams.set(l.stream, splitter);
    }
    splitter.push(l.msg, l.timestamp, (line, time) => this.output(state, line, time));
  }

  private flushStreams(state: VertexState): void {
    for (const splitter of state.streams.values()) {
      if (splitter.pending) splitter.flush((line, time) => this.output(state, line, time));
    }
  }

  private output(state: VertexState, line: string, time: number | null): void {
    // Trimmed in batches: shifting a full window on every line costs more than the line itself.
    if (state.tail.length >= tailSize * 4) state.tail.splice(0, state.tail.length - tailSize);
    state.tail.push(line);
    // Every line of a chunk shares its time: format the `#n 1.234 ` prefix once per chunk.
    if (time !== state.prefixTime || this.current !== state) {
      if (this.current !== state) this.switchTo(state);
      const at = time !== null && state.started !== null ? seconds(time - state.started, 3) : '0.000';
      state.prefix = `#${state.index} ${at} `;
      state.prefixTime = time;
    }
    this.emit(state.prefix + line);
  }

  /** Prints `#n text` for a vertex, after its header when another vertex printed last. */
  private print(state: VertexState, text: string): void {
    if (this.current !== state) this.switchTo(state);
    this.emit(`#${state.index} ${text}`);
  }

  private switchTo(state: VertexState): void {
    if (this.current === state) return;
    const previous = this.current;
    if (previous && !previous.ended && previous.index > 0) this.emit(`#${previous.index} ...`);
    if (this.lineCount > 0) this.emit('');
    if (state.index === 0) state.index = this.number();
    if (state.firstLine < 0) state.firstLine = this.lineCount;
    this.current = state;
    this.emit(`#${state.index} ${state.name}`);
  }

  private emit(line: string): void {
    this.out.push(line);
    this.lineCount++;
  }
}

export interface TraceLabels {
  /** The platform this trace builds, in a build of several (see TraceReducer's constructor). */
  readonly platform?: string | null;
  /** The build's next `#n`, shared by all the traces of one build's log. */
  readonly number?: () => number;
}

/** A step's name with the platform in its bracket, or a bracket of its own when it has none. */
function labelled(platform: string, name: string): string {
  if (platformOfStep(name) !== null) return name;
  return name.charCodeAt(0) === 91 /* [ */ ? `[${platform} ${name.slice(1)}` : `[${platform}] ${name}`;
}
