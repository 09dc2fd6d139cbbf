import { buildEnvironment } from './build-env';
import type { Build, BuildStep, Placement, PushedTag } from '../../../shared/models/build';
import type { RegistryRecord } from '../catalog/registry-store';
import { clientFor } from '../catalog/registry-access';
import type { BuilderStore } from './builder-store';
import { BuilderLane, since, throwIfAborted, type BuildInputs, type LaneWork } from './build-lane';
import { BuilderLost, lostFailure, lostReason } from './builder-lost';
import { AppError } from '../../../shared/errors';
import type { BuildStore } from './build-store';
import { sharedKeyFor, syncedContextFor, type ContextTransport } from './context-transport';
import { engineError } from './engine-api';
import type { LogSink } from './log-sink';
import type { BuildPlan } from './plan';
import type { BuildSessionPort, BuildSourcePort, SessionCredentials, TracePort } from './ports';
import { splitReference } from './image-reference';
import { putIndex, type PushLogin } from './push';
import { StepList } from './test-before-push/test-steps';
import { placementWords } from './placement-words';

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
 * Runs one placed build: fetch the commit, then each platform on the builder placement chose,
 * builders side by side (each with its own BuildKit session), the rule's test on every platform,
 * and only when all passed the pushes, joined into one manifest list. A builder that cannot be
 * reached or drops mid-way throws BuilderLost (the queue sends the build elsewhere); anything else
 * throws AppError with what went wrong; an abort stops the engines' builds too.
 */
export async function runBuild(deps: RunnerDeps, build: Build, placements: readonly Placement[], sink: LogSink, signal: AbortSignal): Promise<PushedTag[]> {
  const plan = deps.store.plan(build.id);
  const short = build.commit.slice(0, 7);
  sink.line(`Slipway build #${build.number} · ${plan.ruleName} · ${build.ref.kind} ${build.ref.name} at ${short}`);
  const works: LaneWork[] = (plan.platforms.length > 0 ? plan.platforms : [null]).map((platform, index) => {
    const placement = placements[index] ?? placements[0];
    if (!placement) throw new Error(`build ${build.id} has no placement for platform ${index}`);
    return { index, platform, placement };
  });
  const lanesBy = new Map<string, LaneWork[]>();
  for (const work of works) lanesBy.set(work.placement.builderId, [...(lanesBy.get(work.placement.builderId) ?? []), work]);
  const resolved = [...lanesBy.keys()].map((id) => deps.builders.resolve(id));
  for (const work of works) {
    const builder = resolved.find((b) => b.id === work.placement.builderId);
    sink.line(`Builder: ${builder?.name ?? work.placement.builderName} (${builder?.engine.endpoint ?? '?'}) · ${placementWords(work.placement)}`);
  }
  sink.line(`Fetching ${plan.codeRepository.fullName} …`);
  const fetchStarted = performance.now();
  const where = { repo: plan.codeRepository, commit: build.commit, contextDir: plan.contextDir, dockerfile: plan.dockerfile };
  // Packing fetches too (a commit the mirror lost, submodules): those stop with the build as well.
  const source = stoppedBy(deps.source, signal);
  // Listing the context waits for nothing the fetch says (it makes sure of the commit itself), so it
  // runs beside it; the fetch's failure is the one reported when both fail.
  const syncing = deps.session ? syncedContextFor(deps.contextTransport ?? 'session', source, where) : Promise.resolve(undefined);
  syncing.catch(() => undefined);
  const fetched = await deps.source.fetch(plan.codeRepository, { commit: build.commit }, signal);
  sink.line(`Commit ${short}: ${fetched.message} (${since(fetchStarted)})`);
  throwIfAborted(signal);

  const { record, password } = deps.registry(plan.registryId);
  const registryHost = record.view.endpoint;
  const login: PushLogin | null = record.view.username ? { username: record.view.username, password: password ?? '', serveraddress: registryHost } : null;
  // Docker Hub's build environment first, so a parameter of the same name set on the rule wins.
  const env = buildEnvironment({ ref: build.ref, commit: build.commit, commitMessage: fetched.message, imageReference: plan.imageReference, tags: plan.tags, contextDir: plan.contextDir, dockerfile: plan.dockerfile, buildNumber: build.number });
  const buildArgs: Record<string, string> = { ...env, ...plan.buildArgs };
  // Inline cache metadata lets a fresh or remote builder reuse layers from the pushed image.
  if (!plan.noCache) buildArgs.BUILDKIT_INLINE_CACHE = '1';
  const synced = await syncing;
  let numbered = 0;
  const number = () => ++numbered;
  const steps = new StepList(sink, number);
  const traces = new Map<number, readonly BuildStep[]>();
  const inputs: BuildInputs = {
    build,
    plan,
    source,
    where,
    synced: { synced, ...(synced ? { fileSync: { source: synced.source, sharedKey: sharedKeyFor(plan.codeRepository, plan.contextDir) } } : {}) },
    env,
    buildArgs,
    labels: {
      'org.opencontainers.image.source': plan.codeRepository.webUrl ?? plan.codeRepository.cloneUrl,
      'org.opencontainers.image.revision': build.commit,
      'org.opencontainers.image.created': new Date().toISOString(),
    },
    references: plan.tags.map((tag) => `${plan.imageReference}:${tag}`),
    registry: { client: clientFor(record, password), repositoryPath: splitReference(`${plan.imageReference}:x`).repository.slice(registryHost.length + 1) },
    cacheFrom: plan.noCache ? [] : deps.store.cacheSources(build.repositoryId),
    login,
    multi: works.length > 1,
    test: plan.test,
    sink,
    steps,
    trace: deps.trace,
    number,
    setEngineBuildId: (id) => deps.store.setEngineBuildId(build.id, id),
    onSteps: (index, s) => {
      traces.set(index, s);
      steps.trace([...traces.entries()].sort(([a], [b]) => a - b).flatMap(([, list]) => list));
    },
  };

  // One platform failing (or its builder going away) stops the others: their result is not wanted.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const lanes = resolved.map((builder) => new BuilderLane(inputs, builder, lanesBy.get(builder.id) ?? [], stop.signal));
  const together = <T>(work: (lane: BuilderLane) => Promise<T>) => allOrStop(lanes, work, stop);
  try {
    const secrets = deps.secretValues(build, plan);
    await together((lane) => lane.open({ port: deps.session, credentials: deps.loginFor, secrets }));
    if (!inputs.multi) {
      await together((lane) => lane.buildAll());
      return (await together((lane) => lane.pushTags())).flat();
    }
    // The test-before-push guarantee: every platform built and tested before anything is pushed.
    await together((lane) => lane.buildAll());
    const children = (await together(async (lane) => {
      const pushed = [];
      for (const w of lane.works) pushed.push(await lane.pushPlatform(w));
      return pushed;
    })).flat().sort((a, b) => a.index - b.index);
    const { client, repositoryPath } = inputs.registry;
    const pushed: PushedTag[] = [];
    for (const tag of plan.tags) {
      throwIfAborted(signal);
      const digest = await putIndex(client, repositoryPath, tag, children);
      sink.line(`${plan.imageReference}:${tag}: manifest list ${digest} (${children.map((c) => c.platform).join(', ')})`);
      pushed.push({ tag, reference: `${plan.imageReference}:${tag}`, digest, pushedAt: new Date().toISOString() });
    }
    return pushed;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await Promise.all(lanes.map((lane) => lane.close()));
  }
}

/**
 * Runs `work` on every lane at once. The first failure stops the rest (their engines' builds are
 * canceled) and is thrown once all have ended; a connection lost to a builder becomes BuilderLost.
 */
async function allOrStop<T>(lanes: readonly BuilderLane[], work: (lane: BuilderLane) => Promise<T>, stop: AbortController): Promise<T[]> {
  let first: unknown;
  let failed = false;
  const results = await Promise.all(
    lanes.map(async (lane) => {
      try {
        return await work(lane);
      } catch (error) {
        const reason = error instanceof BuilderLost ? null : lostReason(error, stop.signal.aborted);
        const lost = reason ? new BuilderLost(lane.builder.id, lane.builder.name, reason, lostFailure(error instanceof AppError ? error : engineError(error, 'build'), lane.builder.name)) : error;
        if (!failed) {
          failed = true;
          first = lost;
          stop.abort();
        }
        return undefined;
      }
    }),
  );
  if (failed) throw first;
  return results as T[];
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
