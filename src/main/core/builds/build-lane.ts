import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { Build, BuildStep, Placement } from '../../../shared/models/build';
import type { TestBeforePush } from '../../../shared/models/rule';
import type { RegistryClient } from '../registries';
import type { ResolvedBuilder } from './builder-store';
import { BuilderLost } from './builder-lost';
import type { ContextChoice } from './context-transport';
import { engineError } from './engine-api';
import { engineFlavour } from './engine-flavour';
import { buildOnEngine } from './engine-build';
import type { LogSink } from './log-sink';
import type { BuildPlan } from './plan';
import type { BuildSessionPort, BuildSourcePort, OpenedSession, SessionCredentials, TracePort } from './ports';
import type { FileSyncSource } from './session/filesync';
import type { TraceLabels } from './trace';
import { splitReference } from './image-reference';
import { pushImage, type PushLogin } from './push';
import { testBeforePush } from './test-before-push/run-test';
import type { StepList } from './test-before-push/test-steps';

/** What every platform of one build shares, whichever builder runs it. */
export interface BuildInputs {
  readonly build: Build;
  readonly plan: BuildPlan;
  readonly source: BuildSourcePort;
  readonly where: { repo: BuildPlan['codeRepository']; commit: string; contextDir: string; dockerfile: string };
  /** The context as the session's file sync serves it, when it goes that way. */
  readonly synced: { readonly synced: ContextChoice['synced']; readonly fileSync?: { source: FileSyncSource; sharedKey: string } };
  readonly env: Readonly<Record<string, string>>;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly references: readonly string[];
  /** The image repository through the registry's API (manifests), as `registry/` leaves it. */
  readonly registry: { readonly client: RegistryClient; readonly repositoryPath: string };
  readonly cacheFrom: readonly string[];
  readonly login: PushLogin | null;
  readonly multi: boolean;
  readonly test: TestBeforePush | undefined;
  readonly sink: LogSink;
  readonly steps: StepList;
  readonly trace: TracePort;
  /** The build's next `#n`: every trace of the build (platforms, tests) numbers its steps from it. */
  readonly number: () => number;
  readonly setEngineBuildId: (id: string) => void;
  /** Each platform's BuildKit steps: the step list shows every platform's at once. */
  readonly onSteps: (index: number, steps: readonly BuildStep[]) => void;
}

export interface LaneWork {
  readonly index: number;
  /** As the rule asks; null builds for the builder's own platform without saying it. */
  readonly platform: string | null;
  readonly placement: Placement;
}

export interface SessionNeeds {
  readonly port: BuildSessionPort | undefined;
  readonly credentials: (host: string) => SessionCredentials | null;
  readonly secrets: ReadonlyMap<string, Buffer>;
}

/**
 * One builder's share of a build: its platforms, side by side on a BuildKit engine, through its
 * own BuildKit session. Lanes on different builders run at the same time; a platform's image keeps
 * a local name of its own until the push, so the test-before-push guarantee holds across builders.
 */
export class BuilderLane {
  #session: OpenedSession | undefined;
  readonly #held: string[] = [];

  constructor(
    private readonly inputs: BuildInputs,
    readonly builder: ResolvedBuilder,
    readonly works: readonly LaneWork[],
    private readonly signal: AbortSignal,
  ) {}

  get #first(): string {
    return this.inputs.references[0] ?? `${this.inputs.plan.imageReference}:latest`;
  }

  #heldName(index: number): string {
    return `slipway-held/${this.inputs.build.id.toLowerCase().replace(/[^a-z0-9_.-]/g, '')}:${index}`;
  }

  /** Reaches the builder (a refusal here sends the build elsewhere) and opens its session. */
  async open(session: SessionNeeds): Promise<void> {
    const { sink } = this.inputs;
    await this.builder.docker.ping().catch((error: unknown) => {
      throw new BuilderLost(this.builder.id, this.builder.name, 'the builder could not be reached', engineError(error, 'ping'));
    });
    if (!session.port) return;
    const fileSync = this.inputs.synced.fileSync;
    this.#session = await session.port
      .open(this.builder.engine, { credentials: session.credentials, secrets: session.secrets, signal: this.signal, onCall: (d) => sink.line(d), ...(fileSync ? { fileSync } : {}) })
      .catch((error: unknown) => {
        // Engines without session support still build public bases; private ones will say so.
        sink.line(`Note: no BuildKit session on ${this.builder.name} (${error instanceof Error ? error.message : String(error)}); private base images and secrets will not be available.`);
        return undefined;
      });
  }

  /** Each platform's steps say which platform they are, once the build has several. */
  #labels(work: LaneWork): TraceLabels {
    return { platform: this.inputs.multi ? work.platform : null, number: this.inputs.number };
  }

  get #choice(): ContextChoice {
    return { synced: this.inputs.synced.synced, viaSession: Boolean(this.#session && this.inputs.synced.synced) };
  }

  #request(platform: string | null, signal: AbortSignal) {
    const { plan, buildArgs, labels } = this.inputs;
    return { buildArgs, labels, noCache: plan.noCache, pull: false, ...(platform ? { platform } : {}), ...(this.#session ? { sessionId: this.#session.id } : {}), secretArgs: plan.secretArgs, signal };
  }

  /**
   * Builds every platform of this lane and runs the rule's test on each. On a BuildKit engine the
   * platforms build at the same time, each its own `/build` through the lane's session (as buildx
   * builds the platforms of one request side by side): a two-platform build takes the time of the
   * slower platform where the engine has the cores, not the sum. On Podman one after the other: its
   * builds cannot be stopped once a sibling has failed. The first failure stops the others and is
   * the one thrown.
   */
  async buildAll(): Promise<void> {
    if (this.works.length < 2 || (await engineFlavour(this.builder.docker)) === 'podman') {
      for (const w of this.works) await this.build(w, this.signal);
      return;
    }
    const siblings = new AbortController();
    const signal = AbortSignal.any([this.signal, siblings.signal]);
    let first: { readonly error: unknown } | undefined;
    await Promise.all(
      this.works.map((w) =>
        this.build(w, signal).catch((error: unknown) => {
          if (first) return;
          first = { error };
          siblings.abort();
        }),
      ),
    );
    if (first) throw first.error;
  }

  /** Builds the platform and runs the rule's test on it; nothing is pushed here. */
  async build(work: LaneWork, signal: AbortSignal): Promise<void> {
    const { build, sink, references, test, multi } = this.inputs;
    const engineBuildId = `slipway-${build.id}-${work.index}`;
    this.inputs.setEngineBuildId(engineBuildId);
    sink.line(work.platform ? `Building for ${work.platform} on ${this.builder.name} …` : 'Building …');
    const started = performance.now();
    const request = this.#request(work.platform, signal);
    const tags = multi ? [this.#first, this.#heldName(work.index)] : references;
    if (multi) this.#held.push(this.#heldName(work.index));
    await buildOnEngine({
      docker: this.builder.docker,
      source: this.inputs.source,
      where: this.inputs.where,
      choice: this.#choice,
      request: { ...request, tags, cacheFrom: this.inputs.cacheFrom, buildId: engineBuildId },
      sink,
      trace: this.inputs.trace,
      traceLabels: this.#labels(work),
      onSteps: (s) => this.inputs.onSteps(work.index, s),
    });
    sink.line(`${work.platform ?? 'Image'} built in ${since(started)}`);
    if (test) await this.#test(work, test, engineBuildId, signal);
  }

  async #test(work: LaneWork, test: TestBeforePush, engineBuildId: string, signal: AbortSignal): Promise<void> {
    const { build, plan, source, references, env, where, buildArgs, multi } = this.inputs;
    const testBuildId = `${engineBuildId}-test`;
    const request = this.#request(work.platform, signal);
    const contextDir = repoDir(plan.contextDir);
    await testBeforePush(
      this.builder.docker,
      {
        test,
        image: multi ? this.#heldName(work.index) : this.#first,
        imageNames: references,
        platform: multi ? work.platform : null,
        index: work.index,
        buildId: build.id,
        env,
        contextDir,
        dockerfile: plan.dockerfile,
        readFile: async (path) => {
          if (!source.readFile) throw new AppError('unavailable', phrase('builds.test.noReadFile'), phrase('builds.test.noReadFileHint'));
          return source.readFile(plan.codeRepository, build.commit, path);
        },
        buildImage: async (o) => {
          this.inputs.setEngineBuildId(testBuildId);
          const own = o.dockerfile !== undefined || o.contextDir !== contextDir;
          await buildOnEngine({
            docker: this.builder.docker,
            source,
            where: own ? { ...where, contextDir: o.contextDir || '/', dockerfile: o.dockerfile ?? 'Dockerfile' } : where,
            // Another folder than the rule's: its own tar, not the session's synced context.
            choice: own ? { synced: undefined, viaSession: false } : this.#choice,
            request: { ...request, buildArgs: { ...buildArgs, ...o.args }, tags: [o.tag], cacheFrom: [], buildId: testBuildId, ...(o.target ? { target: o.target } : {}) },
            sink: this.inputs.sink,
            trace: this.inputs.trace,
            traceLabels: this.#labels(work),
          });
        },
      },
      this.inputs.steps,
      signal,
    );
  }

  /** Pushes one platform's image by digest (for the manifest list), from its held name. */
  async pushPlatform(work: LaneWork): Promise<{ index: number; platform: string; digest: string }> {
    const { sink, login } = this.inputs;
    throwIfAborted(this.signal);
    sink.line(`Pushing the ${work.platform} image from ${this.builder.name} …`);
    const { repository, tag } = splitReference(this.#first);
    await this.builder.docker
      .getImage(this.#heldName(work.index))
      .tag({ repo: repository, tag })
      .catch((error: unknown) => {
        throw engineError(error, 'tag');
      });
    const digest = await pushImage(this.builder.docker, this.#first, login, this.signal, (l) => sink.line(l));
    return { index: work.index, platform: work.platform ?? '', digest };
  }

  /**
   * A single-platform build: the first tag pushed from this builder, the others put as the same
   * manifest through the registry's API (one request each, where an engine push would check every
   * layer again). A registry that refuses that gets the engine's push for the rest.
   */
  async pushTags(): Promise<{ tag: string; reference: string; digest: string; pushedAt: string }[]> {
    const { plan, references, sink, login, registry } = this.inputs;
    const pushed = [];
    let manifest: { bytes: Buffer; mediaType: string } | null | false = null;
    for (const [i, tag] of plan.tags.entries()) {
      throwIfAborted(this.signal);
      const reference = references[i] ?? `${plan.imageReference}:${tag}`;
      const first = pushed[0];
      if (first && manifest !== false) {
        const started = performance.now();
        try {
          manifest ??= await registry.client.getManifest(registry.repositoryPath, first.digest);
          const digest = await registry.client.putManifest(registry.repositoryPath, tag, manifest.bytes, manifest.mediaType);
          sink.line(`${reference}: digest ${digest} (the same manifest, put under this tag in ${since(started)})`);
          pushed.push({ tag, reference, digest, pushedAt: new Date().toISOString() });
          continue;
        } catch (error) {
          manifest = false;
          sink.line(`Note: the registry did not take the manifest under another tag (${error instanceof Error ? error.message : String(error)}); pushing it through the engine instead.`);
        }
      }
      sink.line(`Pushing ${reference} …`);
      const started = performance.now();
      const digest = await pushImage(this.builder.docker, reference, login, this.signal, (l) => sink.line(l));
      sink.line(`${reference}: digest ${digest} (pushed in ${since(started)})`);
      pushed.push({ tag, reference, digest, pushedAt: new Date().toISOString() });
    }
    return pushed;
  }

  async close(): Promise<void> {
    for (const image of this.#held) await this.builder.docker.getImage(image).remove().catch(() => undefined);
    await this.#session?.close().catch(() => undefined);
  }
}

export function since(start: number): string {
  const ms = performance.now() - start;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('canceled', phrase('builds.errors.canceledBuild'));
}

/** A context folder from the repository root, without slashes around it ('' for the root). */
function repoDir(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}
