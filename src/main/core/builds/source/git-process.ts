import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { gitEnv } from './git-auth';

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
