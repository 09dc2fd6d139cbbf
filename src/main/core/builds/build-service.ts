import { AppError, quote } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { storedError } from './build-error';
import { finishedStatuses, type Build, type GitRef } from '../../../shared/models/build';
import type { RuleSpec } from '../../../shared/models/rule';
import { canBuildManually, compilePattern, renderTags } from '../../../shared/rules';
import type { RepositoryStore } from '../catalog/repository-store';
import type { RuleStore } from '../catalog/rule-store';
import type { BuildEnqueuer, BuildRequest } from '../domain';
import type { BuilderLoadPort } from '../builders/pool-ports';
import { BuildQueue, type BuildQueueDeps } from './build-queue';
import { cancelEngineBuild } from './engine-api';
import type { BuildPlan } from './plan';
import type { BuildSourcePort } from './ports';
import { removeTestContainers } from './test-before-push/container';

export interface BuildServiceDeps extends BuildQueueDeps {
  readonly repositories: RepositoryStore;
  readonly rules: RuleStore;
  readonly source: BuildSourcePort;
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
 * Builds: they wait in the database (so a restart resumes them), run on the repository's builders
 * as the queue places them, and can be canceled whether queued or running.
 */
export class BuildService implements BuildEnqueuer {
  readonly #queue: BuildQueue;

  constructor(private readonly deps: BuildServiceDeps) {
    this.#queue = new BuildQueue(deps);
  }

  /** A builder was added, changed its settings or recovered: waiting builds may go now. */
  builderChanged(): void {
    this.#queue.pump();
  }

  /** What each builder runs and who waits for it, for Settings. */
  get load(): BuilderLoadPort {
    return this.#queue;
  }

  /** At start-up: builds that were running are interrupted (their log kept), queued ones run. */
  /**
   * After a start: the builds recorded as interrupted (builds/interrupted.ts) are announced and
   * stopped on their engines, and the queue takes up what was queued.
   */
  resume(interrupted: readonly Build[]): void {
    for (const build of interrupted) {
      this.#changed(this.deps.store.get(build.id));
      // The engine stops a build whose client went away; asking again costs nothing if it already did.
      // A test container has no such client: it runs on until removed.
      const engineBuildId = this.deps.store.engineBuildId(build.id);
      const builders = new Set([build.builderId, ...build.placements.map((p) => p.builderId)].filter((id) => id !== ''));
      for (const id of builders) {
        try {
          const docker = this.deps.builders.resolve(id).docker;
          if (engineBuildId) void cancelEngineBuild(docker, engineBuildId);
          void removeTestContainers(docker, build.id);
        } catch {
          // The builder was removed since: nothing left to stop.
        }
      }
    }
    this.#queue.pump();
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
      pool: repository.builderPool,
    };
    const build = this.deps.store.create({
      repositoryId: repository.id,
      ruleId: rule.id,
      ref: request.ref,
      commit: commit.commit,
      commitMessage: commit.message,
      commitTime: commit.committedAt,
      trigger: request.trigger,
      // Known once placed; a pool of one names it from the start.
      builderId: repository.builderPool !== 'any' && repository.builderPool.length === 1 ? (repository.builderPool[0] ?? '') : '',
      plan,
      ...(request.dedupeKey ? { dedupeKey: request.dedupeKey } : {}),
    });
    if (!build) return null;
    if (repository.cancelSuperseded) this.#cancelSuperseded(build);
    this.deps.domain.emit('build:queued', build);
    this.#changed(build);
    this.#queue.pump();
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
    this.#queue.pump();
    return this.deps.store.get(build.id);
  }

  cancel(id: string): Build {
    const build = this.deps.store.get(id);
    if (build.status === 'queued') {
      const canceled = this.deps.store.finish(id, 'canceled', storedError('canceled', phrase('builds.errors.canceledBeforeStart')));
      this.#changed(canceled);
      return canceled;
    }
    if (!this.#queue.abort(id)) throw new AppError('conflict', phrase('builds.errors.notRunning', { number: build.number }), phrase('builds.errors.reloadList'));
    return this.deps.store.get(id);
  }

  /** Resolves when the build has ended (tests and shutdown). */
  async settled(id: string): Promise<Build> {
    for (let i = 0; i < 36_000; i++) {
      const pending = this.#queue.finished(id);
      if (pending) await pending;
      const build = this.deps.store.get(id);
      if (finishedStatuses.includes(build.status)) return build;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('build did not settle');
  }

  /** Stops taking work; running builds are left to the engine and read "interrupted" next start. */
  close(): void {
    this.#queue.close();
  }

  #cancelSuperseded(newer: Build): void {
    for (const b of [...this.deps.store.queued(), ...this.deps.store.running()]) {
      if (b.id === newer.id || b.repositoryId !== newer.repositoryId || b.ruleId !== newer.ruleId || b.ref.name !== newer.ref.name) continue;
      this.deps.logs.append(b.id, [`Canceled: a newer commit (${newer.commit.slice(0, 7)}) of the same rule arrived as build #${newer.number}.`]);
      this.cancel(b.id);
    }
  }

  #changed(build: Build): void {
    this.deps.bus.emit('builds:changed', build);
  }
}
