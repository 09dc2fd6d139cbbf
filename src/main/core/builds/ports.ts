/**
 * What the build runner needs from the parts around it, as small interfaces: the git mirror and
 * context packer, the BuildKit session and the trace decoder are separate modules, and tests can
 * count on each seam.
 */
import type { Readable } from 'node:stream';
import type { EngineEndpoint } from '../docker/endpoint';
import type { BuildStep, GitRef } from '../../../shared/models/build';
import type { CodeRepositoryRef } from '../../../shared/models/code-repo';

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
}

export interface BuildSourcePort {
  /** Brings the commit (or the ref's head) into the local mirror and says what it is. */
  fetch(repo: CodeRepositoryRef, target: { commit: string } | { ref: GitRef }, signal: AbortSignal): Promise<CommitDetails>;
  /** The rule's context directory at the commit, as a tar stream, honouring .dockerignore. */
  pack(repo: CodeRepositoryRef, commit: string, contextDir: string, dockerfile: string): Promise<PackedContext>;
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
  open(engine: EngineEndpoint, options: { credentials: (host: string) => SessionCredentials | null; secrets: ReadonlyMap<string, Buffer>; signal: AbortSignal; onCall: (description: string) => void }): Promise<OpenedSession>;
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
  create(): BuildTraceLike;
}
