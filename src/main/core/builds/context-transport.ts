import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type Docker from 'dockerode';
import type { CodeRepositoryRef } from '../../../shared/models/code-repo';
import { AppError } from '../../../shared/errors';
import { startEngineBuild, type EngineBuildRequest } from './engine-api';
import type { LogSink } from './log-sink';
import type { BuildSourcePort, SyncedContext } from './ports';
import { normalizeRepoPath } from './source/context-pack';

/**
 * How the build context reaches the engine. `session` (the default): the BuildKit session's file
 * sync, as the docker CLI does it; the engine keeps the last transfer per shared key and asks only
 * for files whose stat changed. Builders where no session opens (ssh, Podman) get the tar instead.
 * `tar`: the whole context uploaded as the body of POST /build, every byte every time.
 *
 * The file sync once cost ~0.2 s of fixed work and small contexts went as a tar. Measured again
 * (bench/build-vs-cli.ts, two runs of 8 rounds on a 175-byte context, each side against the CLI in
 * the same rounds): warm 0.89 and 0.90 by file sync against 0.93 and 0.99 by tar, cold 0.93 and
 * 0.91 against 0.92 and 0.93. The tar costs BuildKit a `copy /context /` step of about 0.1 s that
 * the file sync does not have, so every size now goes by file sync.
 */
export type ContextTransport = 'session' | 'tar';

/** Stable per repository and context folder, so the engine's copy of the last transfer is found again. */
export function sharedKeyFor(repo: CodeRepositoryRef, contextDir: string): string {
  return createHash('sha256').update(`slipway\0${repo.cloneUrl}\0${normalizeRepoPath(contextDir)}`).digest('hex').slice(0, 32);
}

export interface ContextChoice {
  readonly synced: SyncedContext | undefined;
  /** False once the session could not be used: later platforms go straight to the tar. */
  viaSession: boolean;
}

export interface StartedBuild {
  readonly response: IncomingMessage;
  /** The log line saying how the context went and how much of it travelled (read after the build). */
  sent(): string;
}

type BaseRequest = Omit<EngineBuildRequest, 'context' | 'dockerfile' | 'remote'>;

/**
 * Starts the engine's build with the context through the session when it can, else as a tar. An
 * engine that refuses the session request (before building) gets the tar instead.
 */
export async function startWithContext(
  docker: Docker,
  source: BuildSourcePort,
  where: { repo: CodeRepositoryRef; commit: string; contextDir: string; dockerfile: string },
  choice: ContextChoice,
  request: BaseRequest,
  sink: LogSink,
): Promise<StartedBuild> {
  const synced = choice.synced;
  if (synced && choice.viaSession && request.sessionId) {
    const first = synced.transfers.length;
    try {
      const response = await startEngineBuild(docker, { ...request, remote: 'client-session', dockerfile: synced.dockerfile });
      return {
        response,
        sent: () => {
          const done = synced.transfers.slice(first);
          const files = done.reduce((n, t) => n + t.files, 0);
          const bytes = done.reduce((n, t) => n + t.bytes, 0);
          // Counted from DATA packets: what the engine asked for, not what the context holds.
          return `Context: session file sync, sent ${files} files, ${bytes} bytes in ${done.length} transfers (the context: ${synced.files} files, ${synced.bytes} bytes)`;
        },
      };
    } catch (error) {
      if (request.signal.aborted || (error instanceof AppError && error.code === 'canceled')) throw error;
      choice.viaSession = false;
      sink.line(`Note: the builder refused the session context (${error instanceof Error ? error.message : String(error)}); uploading it as a tar instead.`);
    }
  }
  const packed = await source.pack(where.repo, where.commit, where.contextDir, where.dockerfile);
  const response = await startEngineBuild(docker, { ...request, context: packed.stream, dockerfile: packed.dockerfile });
  return {
    response,
    sent: () => `Context: tar upload${packed.files !== undefined ? `, sent ${packed.files} files, ${packed.bytes ?? 0} bytes` : ''}`,
  };
}

/** The synced context when the session transport is chosen and the source can list one. */
export async function syncedContextFor(
  transport: ContextTransport,
  source: BuildSourcePort,
  where: { repo: CodeRepositoryRef; commit: string; contextDir: string; dockerfile: string },
): Promise<SyncedContext | undefined> {
  if (transport === 'tar' || !source.sync) return undefined;
  return source.sync(where.repo, where.commit, where.contextDir, where.dockerfile);
}
