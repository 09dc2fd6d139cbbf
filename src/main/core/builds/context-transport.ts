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
 * How the build context reaches the engine. `session`: the BuildKit session's file sync, as the
 * docker CLI does it; the engine keeps the last transfer per shared key and asks only for files
 * whose stat changed. `tar`: the whole context uploaded as the body of POST /build, always
 * possible (ssh builders, where no session opens) but every byte every time.
 */
export type ContextTransport = 'auto' | 'session' | 'tar';

/**
 * Below this a tar is quicker: the file sync's fixed cost (three DiffCopy streams, the stat walk)
 * is ~150–250 ms here, while a tar moves ~40 MB/s into the engine (bench/build-vs-cli.ts: a
 * 175-byte context took 0.8 s by sync against 0.55 s by tar; 218 MB took 15.9 s against 21.6 s).
 */
export const autoSessionMinBytes = 8 << 20;

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
  const synced = await source.sync(where.repo, where.commit, where.contextDir, where.dockerfile);
  return transport === 'auto' && synced.bytes < autoSessionMinBytes ? undefined : synced;
}
