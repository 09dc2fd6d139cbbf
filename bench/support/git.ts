import { execFile, execFileSync } from 'node:child_process';

/** git with a fixed identity, so a bench's commits need no user configuration. */
export const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.invalid', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.invalid' };

/** The benches' git server runs in their own process: a git command that talks to it must not block the event loop. */
export const gitAsync = (cwd: string, ...args: string[]): Promise<void> =>
  new Promise((resolve, reject) => execFile('git', args, { cwd, env: gitEnv }, (error) => (error ? reject(error) : resolve())));

/** A local git command's trimmed output (one that does not talk to the bench's own git server). */
export const gitSync = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 }).trim();
