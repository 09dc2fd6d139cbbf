import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { AppError } from '../../../shared/errors';
import { phrase, type Text } from '../../../shared/i18n/phrase';
import { gitEnv } from './auth';

/**
 * Local git plumbing on a mirror (ls-tree, cat-file, config --blob): no network, so no credential,
 * but the same no-prompt environment. Output is kept as bytes: paths are not always UTF-8 and
 * `-z` output is NUL-separated.
 */
export function spawnGit(gitDir: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn('git', ['--git-dir', gitDir, ...args], { env: gitEnv('http://localhost/', null), stdio: ['pipe', 'pipe', 'pipe'] });
}

export interface GitRun {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs one local git command to completion; rejects only when git cannot be started. */
export function runGit(gitDir: string, args: readonly string[], input?: string | Buffer): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(gitDir, args);
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 64 * 1024) err += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.on('error', () => {
      // git may exit before reading all input (a bad object name); its exit code tells the story.
    });
    child.stdin.end(input);
  });
}

export interface RemoteGitRun {
  /** git's arguments, `--git-dir` included when it works on a mirror. */
  readonly args: readonly string[];
  /** From gitEnv: the credential and the CA travel here, never in args. */
  readonly env: Record<string, string>;
  readonly signal?: AbortSignal | undefined;
  /** Stopped when it prints nothing for this long. */
  readonly silenceMs: number;
  /** For the canceled and timeout messages: "Fetching host/acme/app" (a phrase, or English). */
  readonly what: Text;
}

/** A failed run, shaped for gitFailure (which reads `stderr`). */
export class GitExit extends Error {
  constructor(
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`git exited with ${exitCode}`);
  }
}

const killGraceMs = 500;

/**
 * Runs one git command that talks to a remote. git fetch starts helpers of its own
 * (git-remote-https, index-pack) that outlive a parent killed alone and keep the connection open,
 * so git runs in its own process group and cancel or silence ends the whole group: SIGTERM first,
 * which lets git remove its lock files, then SIGKILL for whatever is left. The promise settles
 * only after git has exited, so a caller that reads "canceled" knows no git is still running.
 */
export function runRemoteGit(run: RemoteGitRun): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (run.signal?.aborted) return reject(new AppError('canceled', phrase('sources.git.canceled', { what: run.what })));
    const group = process.platform !== 'win32';
    const child = spawn('git', [...run.args], { env: run.env, stdio: ['ignore', 'pipe', 'pipe'], detached: group });
    const out: Buffer[] = [];
    let err = '';
    let stopped: AppError | null = null;
    let silence: NodeJS.Timeout | undefined;
    let forced: NodeJS.Timeout | undefined;
    const signalGroup = (name: NodeJS.Signals): void => {
      try {
        if (group && child.pid !== undefined) process.kill(-child.pid, name);
        else child.kill(name);
      } catch {
        // Already gone.
      }
    };
    const stop = (reason: AppError): void => {
      if (stopped) return;
      stopped = reason;
      clearTimeout(silence);
      signalGroup('SIGTERM');
      forced = setTimeout(() => signalGroup('SIGKILL'), killGraceMs);
    };
    const heard = (): void => {
      clearTimeout(silence);
      if (!stopped) silence = setTimeout(() => stop(new AppError('timeout', phrase('sources.git.silent', { what: run.what, seconds: String(Math.round(run.silenceMs / 1000)) }), phrase('sources.git.slowHint'))), run.silenceMs);
    };
    const onAbort = (): void => stop(new AppError('canceled', phrase('sources.git.canceled', { what: run.what })));
    run.signal?.addEventListener('abort', onAbort, { once: true });
    heard();
    child.stdout.on('data', (chunk: Buffer) => {
      heard();
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      heard();
      if (err.length < 64 * 1024) err += chunk.toString('utf8');
    });
    child.on('error', (error) => {
      clearTimeout(silence);
      run.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(silence);
      clearTimeout(forced);
      run.signal?.removeEventListener('abort', onAbort);
      // Helpers that ignored SIGTERM go with the group, not after the caller has moved on.
      if (stopped) {
        signalGroup('SIGKILL');
        return reject(stopped);
      }
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitExit(code ?? 1, err));
    });
  });
}
