import { AppError, quote } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { storedError } from './build-error';
import { finishedStatuses, type Build, type GitRef, type PushedTag } from '../../../shared/models/build';
import type { RuleSpec } from '../../../shared/models/rule';
import { canBuildManually, compilePattern, renderTags } from '../../../shared/rules';
import type { RepositoryStore } from '../catalog/repository-store';
import type { RuleStore } from '../catalog/rule-store';
import type { BuildEnqueuer, BuildRequest, DomainBus } from '../domain';
import type { EventBus } from '../events';
import { cancelEngineBuild } from './engine-api';
import { LogSink } from './log-sink';
import type { LogStore } from './log-store';
import type { BuildPlan } from './plan';
import type { BuildSourcePort } from './ports';
import { runBuild, type RunnerDeps } from './runner';
import { removeTestContainers } from './test-before-push/container';

export interface BuildServiceDeps extends RunnerDeps {
  readonly logs: LogStore;
  readonly bus: EventBus;
  readonly domain: DomainBus;
  readonly repositories: RepositoryStore;
  readonly rules: RuleStore;
  readonly source: BuildSourcePort;
  readonly concurrency: () => number;
  readonly log?: (line: string) => void;
}

export function describeRule(spec: RuleSpec): string {
  const what = spec.type === 'branch' ? 'Branch' : 'Tag';
  return spec.isRegex ? `${what} /${spec.source}/` : `${what} ${spec.source}`;
}

/** The same description as a phrase, for messages a reader sees in their language. */
export function describeRulePhrase(spec: RuleSpec): Phrase {
  return phrase('builds.rule.description', { kind: spec.type, pattern: spec.isRegex ? `/${spec.source}/` : spec.source });
}

function noCodeRepository(name: string): AppError {
  return new AppError('conflict', phrase('builds.errors.noCodeRepository', { name }), phrase('builds.errors.noCodeRepositoryHint'));
}

/**
 * The build queue: builds wait in the database (so a restart resumes them), run up to the
 * concurrency limit from Settings, and can be canceled whether queued or running.
 */
export class BuildService implements BuildEnqueuer {
  readonly #running = new Map<string, AbortController>();
  readonly #finished = new Map<string, Promise<void>>();
  #closed = false;

  constructor(private readonly deps: BuildServiceDeps) {}

  /** At start-up: builds that were running are interrupted (their log kept), queued ones run. */
  resume(): void {
    // A line written in the last moments before a crash reached the log file but maybe not the database.
    for (const build of this.deps.store.running()) {
      const written = this.deps.logs.lastWriteAt(build.id);
      if (written) this.deps.store.noteEvent(build.id, written);
    }
    for (const build of this.deps.store.markInterrupted()) {
      this.deps.logs.append(build.id, ['', '— Slipway stopped while this build was running; the log above is everything received until then. —']);
      this.deps.logs.close(build.id);
      this.deps.store.setLogLines(build.id, this.deps.logs.count(build.id));
      this.#changed(this.deps.store.get(build.id));
      // The engine stops a build whose client went away; asking again costs nothing if it already did.
      // A test container has no such client: it runs on until removed.
      const engineBuildId = this.deps.store.engineBuildId(build.id);
      try {
        const docker = this.deps.builders.resolve(build.builderId).docker;
        if (engineBuildId) void cancelEngineBuild(docker, engineBuildId);
        void removeTestContainers(docker, build.id);
      } catch {
        // The builder was removed since: nothing left to stop.
      }
    }
    this.#pump();
  }

  async enqueue(request: BuildRequest): Promise<Build | null> {
    const repository = this.deps.repositories.repository(request.repositoryId);
    const code = repository.codeRepository;
    if (!code) throw noCodeRepository(repository.name);
    const rule = this.deps.rules.get(request.ruleId);
    if (rule.repositoryId !== repository.id) throw new AppError('conflict', phrase('builds.errors.ruleOfAnotherRepository'), phrase('builds.errors.reloadPage'));
    const compiled = compilePattern(rule.spec);
    if (!compiled.ok) throw new AppError('invalid_input', compiled.message, phrase('builds.errors.fixPattern'));
    const match = compiled.test({ type: request.ref.kind, name: request.ref.name });
    if (!match) throw new AppError('invalid_input', phrase('builds.errors.refDoesNotMatch', { kind: request.ref.kind, name: quote(request.ref.name), rule: describeRulePhrase(rule.spec) }), phrase('builds.errors.refDoesNotMatchHint'));
    const commit = await this.deps.source.fetch(code, { commit: request.commit });
    const rendered = renderTags(rule.spec, match, { commitId: commit.commit, time: new Date(commit.committedAt) });
    if (!rendered.ok) throw new AppError('invalid_input', rendered.problems[0]?.message ?? phrase('builds.errors.noValidTag'), phrase('builds.errors.fixTagTemplates'));
    const spec = rule.spec;
    const plan: BuildPlan = {
      codeRepository: code,
      contextDir: spec.contextDir,
      dockerfile: spec.dockerfile,
      platforms: spec.architectures,
      imageReference: repository.reference,
      tags: rendered.tags,
      buildArgs: Object.fromEntries(spec.buildArgs.filter((a) => !a.secret).map((a) => [a.key, a.value])),
      secretArgs: spec.buildArgs.filter((a) => a.secret).map((a) => a.key),
      // Docker Hub's per-rule Build Caching off means this rule builds without cache.
      noCache: repository.noCache || spec.buildCache === false,
      registryId: repository.registryId,
      ruleName: describeRule(spec),
      ...(spec.test ? { test: spec.test } : {}),
    };
    const build = this.deps.store.create({
      repositoryId: repository.id,
      ruleId: rule.id,
      ref: request.ref,
      commit: commit.commit,
      commitMessage: commit.message,
      commitTime: commit.committedAt,
      trigger: request.trigger,
      builderId: repository.builderId,
      plan,
      ...(request.dedupeKey ? { dedupeKey: request.dedupeKey } : {}),
    });
    if (!build) return null;
    if (repository.cancelSuperseded) this.#cancelSuperseded(build);
    this.deps.domain.emit('build:queued', build);
    this.#changed(build);
    this.#pump();
    return this.deps.store.get(build.id);
  }

  /** A manual build of a rule: the head of its branch or tag. */
  async start(ruleId: string, ref?: GitRef): Promise<Build> {
    const rule = this.deps.rules.get(ruleId);
    const manual = canBuildManually(rule.spec);
    if (!manual.ok) throw new AppError('conflict', manual.reason, phrase('builds.errors.notManualHint'));
    const target: GitRef = ref ?? { kind: rule.spec.type, name: rule.spec.source };
    const repository = this.deps.repositories.repository(rule.repositoryId);
    if (!repository.codeRepository) throw noCodeRepository(repository.name);
    const head = await this.deps.source.fetch(repository.codeRepository, { ref: target });
    const build = await this.enqueue({ repositoryId: rule.repositoryId, ruleId, ref: target, commit: head.commit, trigger: 'manual' });
    if (!build) throw new AppError('internal', phrase('builds.errors.notQueued'));
    return build;
  }

  retry(id: string): Build {
    const old = this.deps.store.get(id);
    if (!finishedStatuses.includes(old.status)) throw new AppError('conflict', phrase('builds.errors.stillActive', { number: old.number, status: old.status }), phrase('builds.errors.stillActiveHint'));
    const plan = this.deps.store.plan(id);
    const build = this.deps.store.create({
      repositoryId: old.repositoryId,
      ruleId: old.ruleId,
      ref: old.ref,
      commit: old.commit,
      commitMessage: old.commitMessage,
      commitTime: this.deps.store.commitTime(id),
      trigger: 'retry',
      builderId: old.builderId,
      plan,
    });
    if (!build) throw new AppError('internal', phrase('builds.errors.notQueued'));
    this.#changed(build);
    this.#pump();
    return this.deps.store.get(build.id);
  }

  cancel(id: string): Build {
    const build = this.deps.store.get(id);
    if (build.status === 'queued') {
      const canceled = this.deps.store.finish(id, 'canceled', storedError('canceled', phrase('builds.errors.canceledBeforeStart')));
      this.#changed(canceled);
      return canceled;
    }
    const controller = this.#running.get(id);
    if (!controller) throw new AppError('conflict', phrase('builds.errors.notRunning', { number: build.number }), phrase('builds.errors.reloadList'));
    controller.abort();
    return this.deps.store.get(id);
  }

  /** Resolves when the build has ended (tests and shutdown). */
  async settled(id: string): Promise<Build> {
    for (let i = 0; i < 36_000; i++) {
      const pending = this.#finished.get(id);
      if (pending) await pending;
      const build = this.deps.store.get(id);
      if (finishedStatuses.includes(build.status)) return build;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('build did not settle');
  }

  /** Stops taking work; running builds are left to the engine and read "interrupted" next start. */
  close(): void {
    this.#closed = true;
  }

  #cancelSuperseded(newer: Build): void {
    for (const b of [...this.deps.store.queued(), ...this.deps.store.running()]) {
      if (b.id === newer.id || b.repositoryId !== newer.repositoryId || b.ruleId !== newer.ruleId || b.ref.name !== newer.ref.name) continue;
      this.deps.logs.append(b.id, [`Canceled: a newer commit (${newer.commit.slice(0, 7)}) of the same rule arrived as build #${newer.number}.`]);
      this.cancel(b.id);
    }
  }

  #pump(): void {
    if (this.#closed) return;
    let limit: number;
    try {
      limit = this.deps.concurrency();
    } catch {
      // Unreadable preferences must not stop builds: run one at a time until they are fixed.
      limit = 1;
    }
    const free = limit - this.#running.size;
    if (free <= 0) return;
    for (const build of this.deps.store.queued().slice(0, free)) this.#run(build);
  }

  #run(queued: Build): void {
    const controller = new AbortController();
    this.#running.set(queued.id, controller);
    const build = this.deps.store.start(queued.id);
    this.deps.domain.emit('build:started', build);
    this.#changed(build);
    const sink = new LogSink(build.id, this.deps.logs, this.deps.store, this.deps.bus);
    const done = (async () => {
      let tags: PushedTag[] = [];
      try {
        tags = await runBuild(this.deps, build, sink, controller.signal);
        this.deps.store.setTags(build.id, tags);
        sink.line(`Build #${build.number} succeeded: ${tags.map((t) => t.tag).join(', ')}`);
        sink.close();
        const finished = this.deps.store.finish(build.id, 'succeeded');
        for (const t of tags) {
          if (t.digest && t.pushedAt) this.deps.domain.emit('build:tagPushed', { buildId: build.id, repositoryId: build.repositoryId, tag: t.tag, reference: t.reference, digest: t.digest, pushedAt: t.pushedAt });
        }
        this.#ended(finished);
      } catch (error) {
        const canceled = controller.signal.aborted || (error instanceof AppError && error.code === 'canceled');
        const envelope = error instanceof AppError ? error.toEnvelope() : storedError('internal', phrase('builds.errors.unexpected'), phrase('builds.errors.unexpectedHint'));
        if (!(error instanceof AppError)) this.deps.log?.(`build ${build.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        sink.line(canceled ? `Build #${build.number} was canceled.` : `ERROR: ${envelope.message}${envelope.hint ? `\n${envelope.hint}` : ''}`.split('\n').join(' · '));
        sink.close();
        const finished = this.deps.store.finish(build.id, canceled ? 'canceled' : 'failed', canceled ? storedError('canceled', phrase('builds.errors.canceled')) : envelope);
        this.#ended(finished);
      } finally {
        this.#running.delete(build.id);
        this.#finished.delete(build.id);
        this.#pump();
      }
    })();
    this.#finished.set(build.id, done);
  }

  #ended(build: Build): void {
    this.deps.domain.emit('build:finished', build);
    this.#changed(build);
  }

  #changed(build: Build): void {
    this.deps.bus.emit('builds:changed', build);
  }
}
