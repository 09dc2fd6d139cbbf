import { AppError, quote } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { Build, Placement, PushedTag } from '../../../shared/models/build';
import { place, type PlacementRequest } from '../builders/placement';
import type { BuilderLoad, BuilderLoadPort, BuilderPoolPort, PoolMember } from '../builders/pool-ports';
import type { DomainBus } from '../domain';
import type { EventBus } from '../events';
import { storedError } from './build-error';
import { BuilderLost } from './builder-lost';
import { LogSink } from './log-sink';
import type { BuildPlan } from './plan';
import type { LogStore } from './log-store';
import { runBuild, type RunnerDeps } from './runner';

export interface BuildQueueDeps extends RunnerDeps {
  readonly logs: LogStore;
  readonly bus: EventBus;
  readonly domain: DomainBus;
  readonly pool: BuilderPoolPort;
  /** Settings' concurrent builds: the ceiling over every builder's own capacity. */
  readonly concurrency: () => number;
  /** A builder's load (running or waiting builds) changed: Settings shows it. */
  readonly onLoad?: (builderId: string) => void;
  readonly log?: (line: string) => void;
}

/** How long a waiting build goes without a new look at the pool (a builder added, a setting changed). */
const lookAgainMs = 5_000;

/**
 * Takes queued builds (oldest first) to the builders placement chooses, within each builder's
 * capacity and the overall ceiling; counts what each builder runs and who waits for it. Looks
 * again whenever a build ends, a build arrives, and when a resting builder's rest is over.
 */
export class BuildQueue implements BuilderLoadPort {
  readonly #running = new Map<string, { readonly controller: AbortController; readonly builders: readonly string[] }>();
  readonly #finished = new Map<string, Promise<void>>();
  #waiting = new Map<string, number>();
  #pumping = false;
  #again = false;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: BuildQueueDeps) {}

  loadOf(id: string): BuilderLoad {
    return { running: this.#runningOn(id), waiting: this.#waiting.get(id) ?? 0 };
  }

  /** Stops a running build; false when it is not running here. */
  abort(id: string): boolean {
    const entry = this.#running.get(id);
    entry?.controller.abort();
    return entry !== undefined;
  }

  finished(id: string): Promise<void> | undefined {
    return this.#finished.get(id);
  }

  get running(): number {
    return this.#running.size;
  }

  pump(): void {
    if (this.#closed) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    void (async () => {
      try {
        do {
          this.#again = false;
          await this.#placeQueued();
        } while (this.#again && !this.#closed);
      } catch (error) {
        this.deps.log?.(`build queue: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        this.#pumping = false;
      }
    })();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  #runningOn(id: string): number {
    let n = 0;
    for (const entry of this.#running.values()) if (entry.builders.includes(id)) n++;
    return n;
  }

  #limit(): number {
    try {
      return this.deps.concurrency();
    } catch {
      // Unreadable preferences must not stop builds: run one at a time until they are fixed.
      return 1;
    }
  }

  #request(build: Build, plan: BuildPlan = this.deps.store.plan(build.id), lost: readonly string[] = this.deps.store.lostBuilders(build.id)): PlacementRequest {
    // Plans queued before pools name no pool: they build where the build was meant to.
    const pool = plan.pool ?? [build.builderId || 'local'];
    return { platforms: plan.platforms, pool, needsSession: plan.secretArgs.length > 0, lost };
  }

  async #placeQueued(): Promise<void> {
    const queued = this.deps.store.queuedForPlacement();
    const waiting = new Map<string, number>();
    let members: readonly PoolMember[] = [];
    if (queued.length > 0) members = await this.deps.pool.members();
    const limit = this.#limit();
    for (const { build, plan, lost } of queued) {
      if (this.#closed) return;
      const decision = place(this.#request(build, plan, lost), members, (id) => this.#runningOn(id));
      if (decision.kind === 'impossible') {
        this.#refuse(build, new AppError('conflict', decision.reason, decision.hint));
      } else if (decision.kind === 'placed' && this.#running.size < limit) {
        this.#run(build, decision.placements);
      } else {
        const builders = decision.kind === 'wait' ? decision.builders : [...new Set(decision.placements.map((p) => p.builderId))];
        for (const id of builders) waiting.set(id, (waiting.get(id) ?? 0) + 1);
      }
    }
    const before = this.#waiting;
    this.#waiting = waiting;
    for (const id of new Set([...before.keys(), ...waiting.keys()])) if (before.get(id) !== waiting.get(id)) this.deps.onLoad?.(id);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (waiting.size > 0 && !this.#closed) {
      const rests = members.filter((m) => waiting.has(m.id) && m.health.state === 'resting').map((m) => (m.health.state === 'resting' ? Date.parse(m.health.until) - Date.now() : lookAgainMs));
      const delay = Math.max(250, Math.min(lookAgainMs, ...rests));
      this.#timer = setTimeout(() => this.pump(), delay);
      this.#timer.unref();
    }
  }

  /** No builder of the pool can ever build it: said up front, before anything starts. */
  #refuse(build: Build, error: AppError): void {
    const envelope = error.toEnvelope();
    this.deps.logs.append(build.id, [`ERROR: ${envelope.message}${envelope.hint ? ` · ${envelope.hint}` : ''}`]);
    this.deps.logs.close(build.id);
    this.deps.store.setLogLines(build.id, this.deps.logs.count(build.id));
    this.#ended(this.deps.store.finish(build.id, 'failed', envelope));
  }

  #run(queued: Build, placements: readonly Placement[]): void {
    // Canceled between the look at the queue and now: it stays as it is.
    if (this.deps.store.start(queued.id).status !== 'running') return;
    const build = this.deps.store.place(queued.id, placements);
    const controller = new AbortController();
    const builders = [...new Set(placements.map((p) => p.builderId))];
    this.#running.set(build.id, { controller, builders });
    for (const id of builders) this.deps.onLoad?.(id);
    this.deps.domain.emit('build:started', build);
    this.#changed(build);
    const sink = new LogSink(build.id, this.deps.logs, this.deps.store, this.deps.bus);
    const done = (async () => {
      try {
        const tags = await runBuild(this.deps, build, placements, sink, controller.signal);
        for (const id of builders) this.deps.pool.succeeded(id);
        this.#succeeded(build, tags, sink);
      } catch (error) {
        if (error instanceof BuilderLost && !controller.signal.aborted) await this.#failover(build, error, sink);
        else {
          if (!controller.signal.aborted) for (const id of builders) this.deps.pool.succeeded(id);
          this.#failed(build, error, controller.signal.aborted, sink);
        }
      } finally {
        this.#running.delete(build.id);
        this.#finished.delete(build.id);
        for (const id of builders) this.deps.onLoad?.(id);
        this.pump();
      }
    })();
    this.#finished.set(build.id, done);
  }

  #succeeded(build: Build, tags: readonly PushedTag[], sink: LogSink): void {
    this.deps.store.setTags(build.id, tags);
    sink.line(`Build #${build.number} succeeded: ${tags.map((t) => t.tag).join(', ')}`);
    sink.close();
    const finished = this.deps.store.finish(build.id, 'succeeded');
    for (const t of tags) {
      if (t.digest && t.pushedAt) this.deps.domain.emit('build:tagPushed', { buildId: build.id, repositoryId: build.repositoryId, tag: t.tag, reference: t.reference, digest: t.digest, pushedAt: t.pushedAt });
    }
    this.#ended(finished);
  }

  #failed(build: Build, error: unknown, aborted: boolean, sink: LogSink): void {
    const canceled = aborted || (error instanceof AppError && error.code === 'canceled');
    const envelope = error instanceof AppError ? error.toEnvelope() : storedError('internal', phrase('builds.errors.unexpected'), phrase('builds.errors.unexpectedHint'));
    if (!(error instanceof AppError)) this.deps.log?.(`build ${build.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    sink.line(canceled ? `Build #${build.number} was canceled.` : `ERROR: ${envelope.message}${envelope.hint ? `\n${envelope.hint}` : ''}`.split('\n').join(' · '));
    sink.close();
    this.#ended(this.deps.store.finish(build.id, canceled ? 'canceled' : 'failed', canceled ? storedError('canceled', phrase('builds.errors.canceled')) : envelope));
  }

  /**
   * The builder went away: it rests, and the build goes back to the queue for another builder,
   * once. With no other builder to go to, or on a second loss, the build fails saying so.
   */
  async #failover(build: Build, lost: BuilderLost, sink: LogSink): Promise<void> {
    this.deps.pool.failed(lost.builderId, lost.reason);
    const before = this.deps.store.lostBuilders(build.id);
    const request = { ...this.#request(build), lost: [...before, lost.builderId] };
    const elsewhere = before.length === 0 && place(request, await this.deps.pool.members(), () => 0).kind !== 'impossible';
    if (elsewhere) {
      sink.line(`Builder ${lost.builderName} was lost (${lost.reason}): the build goes back to the queue for another builder.`);
      sink.close();
      this.#changed(this.deps.store.requeue(build.id, lost.builderId));
      return;
    }
    const failure = before.length > 0 ? new AppError('unavailable', phrase('builds.errors.builderLostTwice', { builder: quote(lost.builderName) }), phrase('builds.errors.builderLostTwiceHint')) : lost.failure;
    sink.line(`Builder ${lost.builderName} was lost (${lost.reason}).`);
    this.#failed(build, failure, false, sink);
  }

  #ended(build: Build): void {
    this.deps.domain.emit('build:finished', build);
    this.#changed(build);
  }

  #changed(build: Build): void {
    this.deps.bus.emit('builds:changed', build);
  }
}
