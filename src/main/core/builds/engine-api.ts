import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';

export interface EngineBuildRequest {
  /** The tar body; absent when the engine reads the context through the session (`remote`). */
  readonly context?: Readable;
  /** `client-session`: the engine reads "context" and "dockerfile" through the session's file sync. */
  readonly remote?: string;
  /** Path of the Dockerfile inside the context (with `remote`, inside the "dockerfile" folder). */
  readonly dockerfile: string;
  /** Full references (registry/ns/name:tag) the image gets on the engine. */
  readonly tags: readonly string[];
  readonly platform?: string;
  /** A Dockerfile stage to stop at (a stage test); the last stage when absent. */
  readonly target?: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly noCache: boolean;
  readonly cacheFrom: readonly string[];
  readonly pull: boolean;
  /** Lets /build/cancel find this build. */
  readonly buildId: string;
  readonly sessionId?: string;
  /** Names of the rule's secret build parameters (served by the session; a builder without one refuses). */
  readonly secretArgs?: readonly string[];
  readonly signal: AbortSignal;
}

/**
 * `POST /build?version=2` (BuildKit), straight through the modem rather than dockerode's
 * buildImage: that helper opens a session of its own for version 2 (one login for every host, no
 * secrets), and Slipway brings its own session.
 */
export function startEngineBuild(docker: Docker, req: EngineBuildRequest): Promise<IncomingMessage> {
  const query: Record<string, unknown> = {
    version: '2',
    dockerfile: req.dockerfile,
    t: [...req.tags],
    buildargs: { ...req.buildArgs },
    labels: { ...req.labels },
    buildid: req.buildId,
    rm: true,
    forcerm: true,
  };
  if (req.platform) query.platform = req.platform;
  if (req.target) query.target = req.target;
  if (req.noCache) query.nocache = true;
  if (req.pull) query.pull = '1';
  if (req.cacheFrom.length > 0) query.cachefrom = JSON.stringify(req.cacheFrom);
  if (req.sessionId) query.session = req.sessionId;
  if (req.remote) query.remote = req.remote;
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        // Without a file the modem would send the query as a JSON body, and the engine then
        // answers an empty 200 after building: a session-context build must go with an empty body.
        file: req.context ?? Readable.from([]),
        options: query,
        abortSignal: req.signal,
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      },
      (error: unknown, stream: unknown) => {
        if (error) reject(engineError(error, 'build'));
        else resolve(stream as IncomingMessage);
      },
    );
  });
}

/** Stops a BuildKit build on the engine: aborting the request alone leaves RUN steps going on some engines. */
export function cancelEngineBuild(docker: Docker, buildId: string): Promise<void> {
  return new Promise((resolve) => {
    docker.modem.dial({ path: '/build/cancel?', method: 'POST', options: { id: buildId }, statusCodes: { 200: true, 204: true, 404: true, 500: true } }, () => resolve());
  });
}

/** Turns a dockerode/modem failure into what the user can act on. */
export function engineError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: unknown; statusCode?: unknown; json?: { message?: unknown } | null; message?: unknown; name?: unknown };
  if (e.name === 'AbortError') return new AppError('canceled', phrase('builds.errors.canceledBuild'));
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ETIMEDOUT' || e.code === 'ECONNRESET') {
    return new AppError('unavailable', phrase('builds.errors.builderUnreachable'), phrase('builds.errors.builderUnreachableHint'));
  }
  if (e.code === 'EACCES') return new AppError('unavailable', phrase('builds.errors.socketPermission'), phrase('builds.errors.socketPermissionHint'));
  const message = typeof e.json?.message === 'string' ? e.json.message : typeof e.message === 'string' ? e.message : `The engine refused the ${what}.`;
  return new AppError('remote_error', message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim(), phrase('builds.errors.builderSaidHint'));
}
