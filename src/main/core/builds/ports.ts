/**
 * What the build runner needs from the parts around it, as small interfaces: the git mirror and
 * context packer, the BuildKit session and the trace decoder are separate modules, and tests can
 * count on each seam.
 */
import type { Readable } from 'node:stream';
import type { EngineEndpoint } from '../docker/endpoint';
import type { BuildStep, GitRef } from '../../../shared/models/build';
import type { CodeRepositoryRef } from '../../../shared/models/code-repo';
import type { FileSyncSource, FileSyncTransfer } from './session/filesync';
import type { TraceLabels } from './trace';

export interface CommitDetails {
  readonly commit: string;
  readonly message: string;
  /** Committer time, ISO 8601. */
  readonly committedAt: string;
}

export interface PackedContext {
  readonly stream: Readable;
  /** The Dockerfile's path inside the context. */
  readonly dockerfile: string;
  /** Files in the tar and their content bytes: for the log line saying what was sent. */
  readonly files?: number;
  readonly bytes?: number;
}

/** The context as the session's file sync serves it (see source/context-stats.ts). */
export interface SyncedContext {
  readonly source: FileSyncSource;
  /** The `dockerfile` build parameter, inside the session's "dockerfile" folder. */
  readonly dockerfile: string;
  readonly files: number;
  readonly bytes: number;
  /** Completed DiffCopy calls, in order: what the engine actually asked for. */
  readonly transfers: readonly FileSyncTransfer[];
}

/** Each call's signal, when given, stops the git it starts (a canceled build). */
export interface BuildSourcePort {
  /** Brings the commit (or the ref's head) into the local mirror and says what it is. */
  fetch(repo: CodeRepositoryRef, target: { commit: string } | { ref: GitRef }, signal?: AbortSignal): Promise<CommitDetails>;
  /** The rule's context directory at the commit, as a tar stream, honouring .dockerignore. */
  pack(repo: CodeRepositoryRef, commit: string, contextDir: string, dockerfile: string, signal?: AbortSignal): Promise<PackedContext>;
  /** The same context as stats the session's file sync serves; same checks and errors as pack. */
  sync?(repo: CodeRepositoryRef, commit: string, contextDir: string, dockerfile: string, signal?: AbortSignal): Promise<SyncedContext>;
  /** One file's bytes at the commit (a path from the repository root), or null when there is none. */
  readFile?(repo: CodeRepositoryRef, commit: string, path: string, signal?: AbortSignal): Promise<Buffer | null>;
}

export interface SessionCredentials {
  readonly username: string;
  readonly secret: string;
}

export interface OpenedSession {
  readonly id: string;
  close(): Promise<void>;
}

export interface BuildSessionPort {
  open(
    engine: EngineEndpoint,
    options: {
      credentials: (host: string) => SessionCredentials | null;
      secrets: ReadonlyMap<string, Buffer>;
      signal: AbortSignal;
      onCall: (description: string) => void;
      /** Serve the build context through the session (and its engine-side cache key). */
      fileSync?: { source: FileSyncSource; sharedKey: string };
    },
  ): Promise<OpenedSession>;
}

export interface TraceFailure {
  readonly message: string;
  readonly exitCode: number | null;
  readonly step: BuildStep | null;
  readonly lastLines: readonly string[];
}

export interface BuildTraceLike {
  write(chunk: Uint8Array): { readonly lines: readonly string[]; readonly steps: readonly BuildStep[] | null };
  end(): { readonly lines: readonly string[]; readonly steps: readonly BuildStep[] | null };
  readonly failure: TraceFailure | null;
}

export interface TracePort {
  /** `labels`: the platform and the build's shared `#n` when the build runs several traces. */
  create(labels?: TraceLabels): BuildTraceLike;
}
