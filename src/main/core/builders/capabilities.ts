import type Docker from 'dockerode';
import { AppError, quote } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import type { EngineConnection } from '../builds/session/upgrade';
import { podmanComponent } from '../builds/engine-flavour';
import { readBuildkitControl } from './buildkit-control';
import { formatPlatform, nativePlatformFromInfo } from './platforms';
import type { EngineKind } from './pool-ports';

/** What the engine says about itself, before the user's declared platforms are applied. */
export interface DetectedCapabilities {
  readonly engineKind: EngineKind;
  readonly engineVersion: string;
  readonly apiVersion: string;
  readonly buildkitVersion: string | null;
  /** From /info; null when the engine did not say. */
  readonly nativePlatform: string | null;
  /** Every platform BuildKit's workers can run (native and emulated), empty when unknown. */
  readonly buildkitPlatforms: readonly string[];
  /** Where the platform list came from: BuildKit's workers, or only the engine's /info. */
  readonly platformsFrom: 'buildkit' | 'engine';
  /** Why BuildKit's workers could not be read (English, for the log and Settings). */
  readonly buildkitUnavailable?: string;
  readonly session: boolean;
}

export interface ProbeOptions {
  /** Bound on each of the two steps: the engine's /version and /info, then BuildKit's worker list. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** dockerode takes an abortSignal for both calls; its type declarations do not say so. */
interface AbortableEngineApi {
  version(options: { abortSignal: AbortSignal }): Promise<Docker.DockerVersion & { readonly Components?: unknown }>;
  info(options: { abortSignal: AbortSignal }): Promise<Record<string, unknown>>;
}

/** BuildKit is built into Docker engines from API 1.39 (18.09); older ones keep it experimental. */
const buildkitApi = '1.39';

/**
 * Asks an engine what it is: /version (Podman's compat API lists a component "Podman Engine"),
 * /info (the native platform), and for Docker engines BuildKit's Control/ListWorkers through
 * `POST /grpc` (native and binfmt-emulated platforms). A failure of /version or /info means the
 * builder cannot be reached and throws an AppError; a failure of the BuildKit step only narrows
 * the answer to /info's platform, and says why.
 */
export async function probeCapabilities(engine: EngineConnection, docker: Docker, options: ProbeOptions): Promise<DetectedCapabilities> {
  const api = docker as unknown as AbortableEngineApi;
  const [version, info] = await bounded(engine, options, (abortSignal) => Promise.all([api.version({ abortSignal }), api.info({ abortSignal })]));
  const podman = podmanComponent(version);
  const engineKind: EngineKind = podman ? 'podman' : 'docker';
  const apiVersion = String(version.ApiVersion ?? '');
  const engineVersion = String((podman?.Version as string | undefined) ?? version.Version ?? 'unknown');
  const nativePlatform = nativePlatformFromInfo(info) ?? formatPlatform(String(version.Os ?? ''), String(version.Arch ?? ''));
  const base = { engineKind, engineVersion, apiVersion, nativePlatform };
  if (engineKind === 'podman') {
    // buildah behind the compat API: no BuildKit, no session, no worker list to ask.
    return { ...base, buildkitVersion: null, buildkitPlatforms: [], platformsFrom: 'engine', buildkitUnavailable: 'Podman builds with buildah, not BuildKit', session: false };
  }
  const session = compareApi(apiVersion, buildkitApi) >= 0;
  if (!session) {
    return { ...base, buildkitVersion: null, buildkitPlatforms: [], platformsFrom: 'engine', buildkitUnavailable: `API ${apiVersion} predates BuildKit in the engine`, session };
  }
  try {
    const control = await readBuildkitControl(engine, { timeoutMs: options.timeoutMs, apiVersion, ...(options.signal ? { signal: options.signal } : {}) });
    const platforms = control.workers.flatMap((w) => w.platforms.map((p) => formatPlatform(p.os, p.architecture, p.variant)).filter((p): p is string => p !== null));
    return { ...base, buildkitVersion: control.buildkitVersion, buildkitPlatforms: [...new Set(platforms)], platformsFrom: 'buildkit', session };
  } catch (error) {
    return { ...base, buildkitVersion: null, buildkitPlatforms: [], platformsFrom: 'engine', buildkitUnavailable: error instanceof Error ? error.message : String(error), session };
  }
}

/**
 * /version and /info within the bound, failing as an AppError whose phrase says what to do. The
 * requests are aborted at the bound: a silent host leaves no socket behind.
 */
async function bounded<T>(engine: EngineConnection, options: ProbeOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timedOut = () => new AppError('timeout', phrase('builders.health.noAnswer', { endpoint: quote(engine.endpoint), seconds: options.timeoutMs / 1000 }), phrase('builders.health.noAnswerHint'));
  const canceled = () => new AppError('canceled', phrase('builders.health.probeCanceled'));
  let reason: AppError | undefined;
  const stop = (error: AppError) => {
    reason ??= error;
    controller.abort();
  };
  const timer = setTimeout(() => stop(timedOut()), options.timeoutMs);
  const onAbort = () => stop(canceled());
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work(controller.signal);
  } catch (error) {
    throw reason ?? (error instanceof AppError ? error : unreachable(engine, error));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function unreachable(engine: EngineConnection, error: unknown): AppError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const endpoint = quote(engine.endpoint);
  let reason: Phrase;
  if (code === 'ENOENT' || code === 'ECONNREFUSED') reason = phrase('builds.errors.noEngineAt', { endpoint });
  else if (code === 'EACCES') reason = phrase('builds.errors.permissionAt', { endpoint });
  else if (typeof code === 'string' && code.startsWith('ERR_TLS')) reason = phrase('builds.errors.tlsFailed', { endpoint, detail: quote(message) });
  else if (/certificate|SSL|TLS/i.test(message)) reason = phrase('builds.errors.tlsFailed', { endpoint, detail: quote(message) });
  else reason = phrase('builds.errors.engineUnreachable', { endpoint, detail: quote(typeof code === 'string' ? code : message) });
  return new AppError('unreachable', reason, phrase('builders.health.unreachableHint'), { cause: error });
}

function compareApi(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}
