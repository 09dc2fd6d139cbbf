import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import { AppError, quote } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { CodeRepositoryRef } from '../../../shared/models/code-repo';
import type { StartedBuild } from './context-transport';
import { engineError, type EngineBuildRequest } from './engine-api';
import type { BuildSourcePort, TraceFailure } from './ports';
import { sessionRefusal } from './session-needs';

type ClassicRequest = Omit<EngineBuildRequest, 'context' | 'dockerfile' | 'remote' | 'sessionId'>;

/**
 * A build on an engine without BuildKit (Podman's buildah behind its Docker-compatible API): the
 * context always goes as a tar, since there is no session to sync files through, and the answer is
 * the classic JSON message stream (read by ClassicTrace).
 */
export async function startClassicBuild(
  docker: Docker,
  source: BuildSourcePort,
  where: { repo: CodeRepositoryRef; commit: string; contextDir: string; dockerfile: string },
  request: ClassicRequest,
): Promise<StartedBuild> {
  const packed = await source.pack(where.repo, where.commit, where.contextDir, where.dockerfile);
  const query: Record<string, unknown> = {
    dockerfile: packed.dockerfile,
    t: [...request.tags],
    buildargs: { ...request.buildArgs },
    labels: { ...request.labels },
    rm: true,
    // Without it buildah keeps a failed build's working container in the store.
    forcerm: true,
  };
  if (request.platform) query.platform = request.platform;
  if (request.target) query.target = request.target;
  if (request.noCache) query.nocache = true;
  if (request.pull) query.pull = true;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        file: packed.stream,
        options: query,
        // Closing the request is the only stop Podman offers: it has no /build/cancel.
        abortSignal: request.signal,
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      },
      (error: unknown, stream: unknown) => (error ? reject(engineError(error, 'build')) : resolve(stream as IncomingMessage)),
    );
  });
  return { response, sent: () => `Context: tar upload (the builder has no BuildKit session)${packed.files !== undefined ? `, sent ${packed.files} files, ${packed.bytes ?? 0} bytes` : ''}` };
}

/** Refuses, before anything is sent, a build that needs what only a BuildKit session gives. */
export function refuseWithoutSession(secretArgs: readonly string[]): void {
  const refusal = sessionRefusal({ secretArgs }, false);
  if (!refusal) return;
  throw new AppError(
    'conflict',
    phrase('builds.podman.secretsNeedSession', { names: refusal.names.map(quote).join(', ') }),
    phrase('builds.podman.secretsNeedSessionHint'),
  );
}

/** A FROM step as ClassicTrace names it: `[1/3] FROM …`, `[build 1/3] FROM …`. */
const stepFrom = /^\[(?:\S+ )?\d+\/\d+\] FROM\s+/i;

/**
 * A base image the builder could not pull for want of a login: Slipway's registry logins reach a
 * build only through a BuildKit session, so Podman must be logged in to that registry itself.
 */
export function privateBaseFailure(failure: TraceFailure): AppError | null {
  const atFrom = failure.step ? stepFrom.test(failure.step.name) : /creating build container/i.test(failure.message);
  if (!atFrom || !/unauthorized|authentication required|access to the requested resource is not authorized|denied/i.test(failure.message)) return null;
  const image = failure.step?.name.replace(stepFrom, '').split(/\s+/)[0] ?? '';
  return new AppError('unauthorized', phrase('builds.podman.privateBase', { image: quote(image), detail: failure.message }), phrase('builds.podman.privateBaseHint'));
}
