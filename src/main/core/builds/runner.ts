import { AppError } from '../../../shared/errors';
import { buildEnvironment } from './build-env';
import type { Build, PushedTag } from '../../../shared/models/build';
import type { RegistryRecord } from '../catalog/registry-store';
import { clientFor } from '../catalog/registry-access';
import type { BuilderStore } from './builder-store';
import type { BuildStore } from './build-store';
import { sharedKeyFor, syncedContextFor, type ContextChoice, type ContextTransport } from './context-transport';
import { engineError } from './engine-api';
import { buildOnEngine } from './engine-build';
import type { LogSink } from './log-sink';
import type { BuildPlan } from './plan';
import type { BuildSessionPort, BuildSourcePort, OpenedSession, SessionCredentials, TracePort } from './ports';
import { pushImage, putIndex, splitReference, type PushLogin } from './push';
import { testBeforePush } from './test-before-push/run-test';
import { StepList } from './test-before-push/test-steps';
import { phrase } from '../../../shared/i18n/phrase';

export interface RunnerDeps {
  readonly store: BuildStore;
  readonly builders: BuilderStore;
  readonly source: BuildSourcePort;
  readonly trace: TracePort;
  readonly session?: BuildSessionPort;
  /** The registry a plan pushes to, with its password (main only). */
  readonly registry: (id: string) => { record: RegistryRecord; password: string | undefined };
  /** Every registry login Slipway holds, by host: the session answers the engine's credential requests with them. */
  readonly loginFor: (host: string) => SessionCredentials | null;
  /** Secret build parameters' values, read from the vault at run time. */
  readonly secretValues: (build: Build, plan: BuildPlan) => ReadonlyMap<string, Buffer>;
  /** How the context reaches the engine (default `session`, with the tar as fallback). */
  readonly contextTransport?: ContextTransport;
}

/**
 * Runs one build: fetch the commit, pack the context, build each platform with BuildKit through
 * the engine API, run the rule's test on each built image, push every tag, join platforms into one
 * index. A failed test throws before anything reaches the registry. Throws AppError with what went
 * wrong; an abort stops the engine's build too.
 */
export async function runBuild(deps: RunnerDeps, build: Build, sink: LogSink, signal: AbortSignal): Promise<PushedTag[]> {
  const plan = deps.store.plan(build.id);
  const short = build.commit.slice(0, 7);
  const builder = deps.builders.resolve(build.builderId);
  sink.line(`Slipway build #${build.number} · ${plan.ruleName} · ${build.ref.kind} ${build.ref.name} at ${short}`);
  sink.line(`Builder: ${builder.name} (${builder.engine.endpoint})`);
  sink.line(`Fetching ${plan.codeRepository.fullName} …`);
  const fetchStarted = performance.now();
  const fetched = await deps.source.fetch(plan.codeRepository, { commit: build.commit }, signal);
  sink.line(`Commit ${short}: ${fetched.message} (${since(fetchStarted)})`);
  throwIfAborted(signal);

  const { record, password } = deps.registry(plan.registryId);
  const registryHost = record.view.endpoint;
  const login: PushLogin | null = record.view.username ? { username: record.view.username, password: password ?? '', serveraddress: registryHost } : null;
  const cacheFrom = plan.noCache ? [] : deps.store.previousTags(build.repositoryId);
  // Docker Hub's build environment first, so a parameter of the same name set on the rule wins.
  const env = buildEnvironment({ ref: build.ref, commit: build.commit, commitMessage: fetched.message, imageReference: plan.imageReference, tags: plan.tags, contextDir: plan.contextDir, dockerfile: plan.dockerfile, buildNumber: build.number });
  const buildArgs: Record<string, string> = { ...env, ...plan.buildArgs };
  // Inline cache metadata lets a fresh or remote builder reuse layers from the pushed image.
  if (!plan.noCache) buildArgs.BUILDKIT_INLINE_CACHE = '1';
  const labels = {
    'org.opencontainers.image.source': plan.codeRepository.webUrl ?? plan.codeRepository.cloneUrl,
    'org.opencontainers.image.revision': build.commit,
    'org.opencontainers.image.created': new Date().toISOString(),
  };
  const references = plan.tags.map((tag) => `${plan.imageReference}:${tag}`);
  const platforms = plan.platforms.length > 0 ? plan.platforms : [null];

  const where = { repo: plan.codeRepository, commit: build.commit, contextDir: plan.contextDir, dockerfile: plan.dockerfile };
  // Packing fetches too (a commit the mirror lost, submodules): those stop with the build as well.
  const source = stoppedBy(deps.source, signal);
  const synced = deps.session ? await syncedContextFor(deps.contextTransport ?? 'auto', source, where) : undefined;
  const fileSync = synced ? { source: synced.source, sharedKey: sharedKeyFor(plan.codeRepository, plan.contextDir) } : undefined;
  let session: OpenedSession | undefined;
  if (deps.session) {
    const secrets = deps.secretValues(build, plan);
    session = await deps.session.open(builder.engine, { credentials: deps.loginFor, secrets, signal, onCall: (d) => sink.line(d), ...(fileSync ? { fileSync } : {}) }).catch((error: unknown) => {
      // Engines without session support still build public bases; private ones will say so.
      sink.line(`Note: no BuildKit session (${error instanceof Error ? error.message : String(error)}); private base images and secrets will not be available.`);
      return undefined;
    });
  }
  const contextChoice: ContextChoice = { synced, viaSession: Boolean(session && synced) };
  const steps = new StepList(sink);
  const test = plan.test;
  const multi = platforms.length > 1;
  const firstReference = references[0] ?? `${plan.imageReference}:latest`;
  // With a test and several platforms, each platform's image is kept under its own local name
  // until every test has passed: only then does anything go to the registry.
  const held = (index: number) => `slipway-held/${build.id.toLowerCase().replace(/[^a-z0-9_.-]/g, '')}:${index}`;
  const heldImages: string[] = [];
  try {
    const children: { platform: string; digest: string }[] = [];
    let singleDigest: string | undefined;
    for (const [index, platform] of platforms.entries()) {
      throwIfAborted(signal);
      const engineBuildId = `slipway-${build.id}-${index}`;
      deps.store.setEngineBuildId(build.id, engineBuildId);
      sink.line(platform ? `Building for ${platform} …` : 'Building …');
      const buildStarted = performance.now();
      const request = { buildArgs, labels, noCache: plan.noCache, pull: false, ...(platform ? { platform } : {}), ...(session ? { sessionId: session.id } : {}), secretArgs: plan.secretArgs, signal };
      const tags = multi ? [firstReference, ...(test ? [held(index)] : [])] : references;
      if (multi && test) heldImages.push(held(index));
      await buildOnEngine({ docker: builder.docker, source, where, choice: contextChoice, request: { ...request, tags, cacheFrom, buildId: engineBuildId }, sink, trace: deps.trace, onSteps: (s) => steps.trace(s) });
      sink.line(`Built in ${since(buildStarted)}`);
      if (test) {
        const testBuildId = `${engineBuildId}-test`;
        await testBeforePush(builder.docker, {
          test,
          image: firstReference,
          imageNames: references,
          platform: multi ? platform : null,
          index,
          buildId: build.id,
          env,
          contextDir: repoDir(plan.contextDir),
          dockerfile: plan.dockerfile,
          readFile: async (path) => {
            if (!source.readFile) throw new AppError('unavailable', phrase('builds.test.noReadFile'), phrase('builds.test.noReadFileHint'));
            return source.readFile(plan.codeRepository, build.commit, path);
          },
          buildImage: async (o) => {
            deps.store.setEngineBuildId(build.id, testBuildId);
            const own = o.dockerfile !== undefined || o.contextDir !== repoDir(plan.contextDir);
            await buildOnEngine({
              docker: builder.docker,
              source,
              where: own ? { ...where, contextDir: o.contextDir || '/', dockerfile: o.dockerfile ?? 'Dockerfile' } : where,
              // Another folder than the rule's: its own tar, not the session's synced context.
              choice: own ? { synced: undefined, viaSession: false } : contextChoice,
              request: { ...request, buildArgs: { ...buildArgs, ...o.args }, tags: [o.tag], cacheFrom: [], buildId: testBuildId, ...(o.target ? { target: o.target } : {}) },
              sink,
              trace: deps.trace,
            });
          },
        }, steps, signal);
      }
      if (multi && !test) {
        sink.line(`Pushing the ${platform} image …`);
        children.push({ platform: platform ?? '', digest: await pushImage(builder.docker, firstReference, login, signal, (l) => sink.line(l)) });
      }
    }
    if (multi && test) {
      const { repository, tag } = splitReference(firstReference);
      for (const [index, platform] of platforms.entries()) {
        throwIfAborted(signal);
        sink.line(`Pushing the ${platform} image …`);
        await builder.docker.getImage(held(index)).tag({ repo: repository, tag }).catch((error: unknown) => {
          throw engineError(error, 'tag');
        });
        children.push({ platform: platform ?? '', digest: await pushImage(builder.docker, firstReference, login, signal, (l) => sink.line(l)) });
      }
    }

    const pushed: PushedTag[] = [];
    if (children.length > 0) {
      const client = clientFor(record, password);
      const repositoryPath = splitReference(references[0] ?? '').repository.slice(registryHost.length + 1);
      for (const tag of plan.tags) {
        throwIfAborted(signal);
        const digest = await putIndex(client, repositoryPath, tag, children);
        sink.line(`${plan.imageReference}:${tag}: manifest list ${digest} (${children.map((c) => c.platform).join(', ')})`);
        pushed.push({ tag, reference: `${plan.imageReference}:${tag}`, digest, pushedAt: new Date().toISOString() });
      }
    } else {
      for (const [i, tag] of plan.tags.entries()) {
        throwIfAborted(signal);
        const reference = references[i] ?? `${plan.imageReference}:${tag}`;
        sink.line(`Pushing ${reference} …`);
        const pushStarted = performance.now();
        singleDigest = await pushImage(builder.docker, reference, login, signal, (l) => sink.line(l));
        sink.line(`${reference}: digest ${singleDigest} (pushed in ${since(pushStarted)})`);
        pushed.push({ tag, reference, digest: singleDigest, pushedAt: new Date().toISOString() });
      }
    }
    return pushed;
  } finally {
    for (const image of heldImages) await builder.docker.getImage(image).remove().catch(() => undefined);
    await session?.close().catch(() => undefined);
  }
}

function stoppedBy(source: BuildSourcePort, signal: AbortSignal): BuildSourcePort {
  const sync = source.sync?.bind(source);
  const readFile = source.readFile?.bind(source);
  return {
    fetch: (repo, target) => source.fetch(repo, target, signal),
    pack: (repo, commit, contextDir, dockerfile) => source.pack(repo, commit, contextDir, dockerfile, signal),
    ...(sync ? { sync: (repo, commit, contextDir, dockerfile) => sync(repo, commit, contextDir, dockerfile, signal) } : {}),
    ...(readFile ? { readFile: (repo, commit, path) => readFile(repo, commit, path, signal) } : {}),
  };
}

function since(start: number): string {
  const ms = performance.now() - start;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('canceled', phrase('builds.errors.canceledBuild'));
}

/** A context folder from the repository root, without slashes around it ('' for the root). */
function repoDir(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}
