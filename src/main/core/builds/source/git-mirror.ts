import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { AppError } from '../../../../shared/errors';
import type { GitRef } from '../../../../shared/models/build';
import type { CodeRepositoryRef } from '../../../../shared/models/code-repo';
import type { GitCredential, GitCredentialSource } from '../../domain';
import { assertPlainRemoteUrl, gitEnv, gitFailure, gitOrigin, simpleGitUnsafe } from './git-auth';
import { runGit } from './git-process';
import { KeyedLock } from './keyed-lock';

/** A credential, or how to get a fresh one at each fetch (tokens get refreshed). */
export type CredentialProvider = GitCredential | null | (() => Promise<GitCredential | null>);

export interface GitMirrorOptions {
  /** Slipway's data folder: mirrors live in `<dataDir>/mirrors/<key>.git`. */
  readonly dataDir: string;
  /** Names the mirror's folder; letters, digits, `.`, `_`, `-` (a code repository id, say). */
  readonly key: string;
  /** The http(s) clone URL, without a login. */
  readonly url: string;
  readonly credential?: CredentialProvider;
  /** A network operation that prints nothing for this long is stopped (default 30 minutes). */
  readonly timeoutMs?: number;
  /** Cancels running fetches (a canceled build); they fail with `canceled`. */
  readonly signal?: AbortSignal;
}

export interface CommitInfo {
  /** Full 40-hex id. */
  readonly commit: string;
  /** The first line of the message. */
  readonly message: string;
  readonly author: string;
  /** Committer time, ISO 8601 UTC: the build renders tags' build time from it. */
  readonly committedAt: string;
}

const lock = new KeyedLock();
const fullId = /^[0-9a-f]{40}$/;

/** A mirror key for a repository known only by its URL (a submodule). */
export function mirrorKeyForUrl(url: string): string {
  const u = new URL(url);
  const readable = `${u.host}${u.pathname}`.replace(/\.git$/, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(-60);
  return `${readable}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
}

export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

/**
 * A local bare mirror of one code repository, fetched incrementally. Not a clone: `git init --bare`
 * then fetches of exactly the branches and tags (or one commit), so a pull-request ref namespace
 * of a big host never comes along. The token is passed through the environment (git-auth.ts) at
 * each fetch and never stored. Writers (create, fetch) hold a per-mirror lock; readers (ls-tree,
 * cat-file) need none: git objects never change once written.
 */
export class GitMirror {
  readonly path: string;
  readonly url: string;
  readonly dataDir: string;
  readonly #credential: CredentialProvider;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal | undefined;

  constructor(options: GitMirrorOptions) {
    assertPlainRemoteUrl(options.url);
    if (!/^[A-Za-z0-9._-]{1,120}$/.test(options.key) || options.key.startsWith('.')) {
      throw new AppError('invalid_input', `“${options.key}” cannot name a mirror folder.`, 'Use letters, digits, dot, underscore and dash.');
    }
    this.dataDir = options.dataDir;
    this.path = join(options.dataDir, 'mirrors', `${options.key}.git`);
    this.url = options.url;
    this.#credential = options.credential ?? null;
    this.#timeoutMs = options.timeoutMs ?? 30 * 60_000;
    this.#signal = options.signal;
  }

  /** The mirror of another repository (a submodule), sharing this one's token when it is on the same host. */
  related(url: string): GitMirror {
    const sameHost = gitOrigin(url) === gitOrigin(this.url);
    return new GitMirror({ dataDir: this.dataDir, key: mirrorKeyForUrl(url), url, credential: sameHost ? this.#credential : null, timeoutMs: this.#timeoutMs, ...(this.#signal ? { signal: this.#signal } : {}) });
  }

  async credential(): Promise<GitCredential | null> {
    return typeof this.#credential === 'function' ? this.#credential() : this.#credential;
  }

  /** Creates the bare mirror if it is not there yet. */
  async ensure(): Promise<void> {
    await lock.run(this.path, () => this.#ensureLocked());
  }

  /**
   * Brings every branch and tag up to date (`--prune`: deleted ones go) and returns them as
   * `refs/heads/…` / `refs/tags/…` → commit id. Only new objects travel.
   */
  async fetchRefs(): Promise<ReadonlyMap<string, string>> {
    return lock.run(this.path, async () => {
      await this.#ensureLocked();
      await this.#fetch(['--prune', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], 'fetch branches and tags');
      return this.#localRefs();
    });
  }

  /** Fetches one branch or tag and returns the commit it points at. */
  async fetchRef(ref: GitRef): Promise<string> {
    const name = refName(ref);
    return lock.run(this.path, async () => {
      await this.#ensureLocked();
      await this.#fetch(['origin', `+${name}:${name}`], `fetch ${ref.kind} ${ref.name}`, `There is no ${ref.kind} “${ref.name}” in ${this.#display()}.`);
      return this.#revParse(name);
    });
  }

  /**
   * Makes sure `commit` is in the mirror: fetched by id when the host allows it (protocol v2 does),
   * else by fetching every branch and tag. not_found when the repository no longer has it.
   */
  async ensureCommit(commit: string): Promise<void> {
    if (!fullId.test(commit)) throw new AppError('invalid_input', `“${commit}” is not a full commit id.`, 'Give the 40-character commit id.');
    if (await this.hasCommit(commit)) return;
    await lock.run(this.path, async () => {
      await this.#ensureLocked();
      if (await this.hasCommit(commit)) return;
      try {
        await this.#fetch(['origin', commit], `fetch commit ${shortCommit(commit)}`);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
        // Older servers refuse a want by id that no ref advertises; the refs may still contain it.
        await this.#fetch(['--prune', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], 'fetch branches and tags');
      }
    });
    if (!(await this.hasCommit(commit))) {
      throw new AppError('not_found', `Commit ${shortCommit(commit)} is not in ${this.#display()}.`, 'It may have been force-pushed away or never pushed: build a commit the repository has.');
    }
  }

  /** Deletes the mirror (an unbound repository, or one to start over); the next fetch makes it anew. */
  async remove(): Promise<void> {
    await lock.run(this.path, async () => rmSync(this.path, { recursive: true, force: true }));
  }

  async hasCommit(commit: string): Promise<boolean> {
    if (!existsSync(this.path)) return false;
    const run = await runGit(this.path, ['cat-file', '-e', `${commit}^{commit}`]);
    return run.code === 0;
  }

  /**
   * The commit a branch or tag points at. By default it is fetched first; `{ fetch: false }` reads
   * the mirror as it is (after fetchRefs).
   */
  async resolve(ref: GitRef, options: { fetch?: boolean } = {}): Promise<string> {
    if (options.fetch !== false) return this.fetchRef(ref);
    try {
      return await this.#revParse(refName(ref));
    } catch {
      throw new AppError('not_found', `There is no ${ref.kind} “${ref.name}” in ${this.#display()}.`, 'Fetch the repository again, or check the name.');
    }
  }

  async commitInfo(commit: string): Promise<CommitInfo> {
    const run = await runGit(this.path, ['log', '-1', '--no-show-signature', '--format=%H%x00%ct%x00%an%x00%B', `${commit}^{commit}`, '--']);
    if (run.code !== 0) throw new AppError('not_found', `Commit ${shortCommit(commit)} is not in ${this.#display()}.`, 'Fetch it first.');
    const [id = '', time = '0', author = '', body = ''] = run.stdout.toString('utf8').split('\0');
    return {
      commit: id.trim(),
      message: body.split('\n').find((l) => l.trim() !== '')?.trim() ?? '',
      author,
      committedAt: new Date(Number.parseInt(time, 10) * 1000).toISOString(),
    };
  }

  /** A file's bytes at a commit, or null when there is no such file. */
  async readFile(commit: string, path: string): Promise<Buffer | null> {
    const run = await runGit(this.path, ['cat-file', 'blob', `${commit}:${path}`]);
    return run.code === 0 ? run.stdout : null;
  }

  async #ensureLocked(): Promise<void> {
    if (existsSync(join(this.path, 'HEAD'))) {
      const current = await runGit(this.path, ['config', '--get', 'remote.origin.url']);
      // The code repository was re-bound to another address: keep the objects, follow the URL.
      if (current.stdout.toString().trim() !== this.url) await runGit(this.path, ['config', 'remote.origin.url', this.url]);
      return;
    }
    mkdirSync(join(this.dataDir, 'mirrors'), { recursive: true, mode: 0o700 });
    // Made beside and renamed into place: a crash never leaves a half-made mirror that looks ready.
    const temp = `${this.path}.tmp-${randomBytes(4).toString('hex')}`;
    mkdirSync(temp, { recursive: true });
    try {
      const git = this.#git(temp, null);
      await git.raw(['init', '--bare', '--quiet']);
      for (const [key, value] of [
        ['remote.origin.url', this.url],
        ['core.logAllRefUpdates', 'false'],
        // gc in the foreground, inside the fetch's lock, never racing the next fetch.
        ['gc.autoDetach', 'false'],
        ['fetch.writeCommitGraph', 'false'],
      ] as const) {
        await git.raw(['config', key, value]);
      }
      rmSync(this.path, { recursive: true, force: true });
      renameSync(temp, this.path);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      if (this.#signal?.aborted) throw new AppError('canceled', `Fetching ${this.#display()} was canceled.`);
      throw gitFailure(error, { url: this.url, credential: null, action: 'create the local mirror' });
    }
  }

  async #fetch(args: readonly string[], action: string, missing?: string): Promise<void> {
    const credential = await this.credential();
    try {
      await this.#git(this.path, credential).raw(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', ...args]);
    } catch (error) {
      if (this.#signal?.aborted) throw new AppError('canceled', `Fetching ${this.#display()} was canceled.`);
      throw gitFailure(error, { url: this.url, credential, action, ...(missing ? { missing } : {}) });
    }
  }

  #git(baseDir: string, credential: GitCredential | null): SimpleGit {
    return simpleGit({ baseDir, unsafe: simpleGitUnsafe, timeout: { block: this.#timeoutMs }, ...(this.#signal ? { abort: this.#signal } : {}) }).env(gitEnv(this.url, credential));
  }

  async #revParse(name: string): Promise<string> {
    const run = await runGit(this.path, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`]);
    const id = run.stdout.toString().trim();
    if (run.code !== 0 || !fullId.test(id)) throw new AppError('not_found', `${name} is not in ${this.#display()}.`);
    return id;
  }

  async #localRefs(): Promise<Map<string, string>> {
    const run = await runGit(this.path, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(*objectname)', 'refs/heads', 'refs/tags']);
    const refs = new Map<string, string>();
    for (const line of run.stdout.toString('utf8').split('\n')) {
      if (!line) continue;
      const [name = '', object = '', peeled = ''] = line.split('\0');
      // An annotated tag points at a tag object; the commit is what a build needs.
      refs.set(name, peeled || object);
    }
    return refs;
  }

  #display(): string {
    try {
      const u = new URL(this.url);
      return `${u.host}${u.pathname.replace(/\.git$/, '')}`;
    } catch {
      return 'the repository';
    }
  }
}

function refName(ref: GitRef): string {
  if (/[\s~^:?*[\\]|\.\.|^-|@\{/.test(ref.name)) throw new AppError('invalid_input', `“${ref.name}” is not a valid ${ref.kind} name.`);
  return `${ref.kind === 'branch' ? 'refs/heads' : 'refs/tags'}/${ref.name}`;
}

/**
 * The mirror of a bound code repository: keyed by the id the caller gives (the image repository's
 * or code repository's), the token asked of the code source at each fetch (null for public ones).
 */
export function mirrorForCodeRepository(options: {
  readonly dataDir: string;
  readonly key: string;
  readonly repository: Pick<CodeRepositoryRef, 'cloneUrl' | 'sourceId'>;
  readonly credentials: GitCredentialSource;
  readonly signal?: AbortSignal;
}): GitMirror {
  const { sourceId } = options.repository;
  return new GitMirror({
    dataDir: options.dataDir,
    key: options.key,
    url: options.repository.cloneUrl,
    credential: sourceId === null ? null : () => options.credentials.credentialFor(sourceId),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
