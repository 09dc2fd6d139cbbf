import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import type { GitRef } from '../../../shared/models/build';
import type { GitCredential } from '../domain';
import { anonymousAuth, assertPlainRemoteUrl, gitEnv, gitFailure, gitOrigin, type GitAuth, type GitAuthProvider } from './auth';
import { caFileFor } from './ca-file';
import { runGit, runRemoteGit } from './process';
import { readLooseCommit, subjectOf } from './loose-commit';
import { KeyedLock } from './keyed-lock';

export interface GitMirrorOptions {
  /** Slipway's data folder: mirrors live in `<dataDir>/mirrors/<key>.git`. */
  readonly dataDir: string;
  /** Names the mirror's folder; letters, digits, `.`, `_`, `-` (a code repository id, say). */
  readonly key: string;
  /** The http(s) clone URL, without a login. */
  readonly url: string;
  /** The credential and CA, asked for at each fetch; anonymous when absent. */
  readonly auth?: GitAuthProvider;
  /** A network operation that prints nothing for this long is stopped (default 30 minutes). */
  readonly timeoutMs?: number;
  /**
   * Cancels fetches that carry no signal of their own: a build's view of the mirror (withSignal),
   * so the context packer's fetches and its submodules' stop with the build.
   */
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
/** Mirror folder → the origin URL its config was last seen (or set) to hold, by this process. */
const followedUrls = new Map<string, string>();
const fullId = /^[0-9a-f]{40}$/;
/**
 * The last commit fetched by id. One ref, moved by each such fetch: enough for the next fetch to
 * negotiate from (the commits before it are its history); a commit it no longer points at stays in
 * the mirror as any fetched object does (git prunes unreferenced objects only after two weeks).
 * Outside refs/heads and refs/tags, so no listing of the mirror's branches and tags sees it.
 */
const lastFetchedRef = 'refs/slipway/fetched-by-id';

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
 * of a big host never comes along. The token and the CA are passed through the environment
 * (auth.ts) at each fetch and never stored in the mirror. Writers (create, fetch) hold a per-mirror
 * lock; readers (ls-tree, cat-file) need none: git objects never change once written. Every fetch
 * takes an abort signal that reaches the git process (process.ts).
 */
export class GitMirror {
  readonly path: string;
  readonly url: string;
  readonly dataDir: string;
  readonly #auth: GitAuthProvider;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #key: string;

  constructor(options: GitMirrorOptions) {
    assertPlainRemoteUrl(options.url);
    if (!/^[A-Za-z0-9._-]{1,120}$/.test(options.key) || options.key.startsWith('.')) {
      throw new AppError('invalid_input', phrase('sources.git.badMirrorKey', { key: options.key }), phrase('sources.git.badMirrorKeyHint'));
    }
    this.dataDir = options.dataDir;
    this.path = join(options.dataDir, 'mirrors', `${options.key}.git`);
    this.url = options.url;
    this.#key = options.key;
    this.#auth = options.auth ?? anonymousAuth;
    this.#timeoutMs = options.timeoutMs ?? 30 * 60_000;
    this.#signal = options.signal;
  }

  /** The same mirror, its fetches (and its submodules') stopped by `signal` when they carry none of their own. */
  withSignal(signal: AbortSignal): GitMirror {
    return new GitMirror({ dataDir: this.dataDir, key: this.#key, url: this.url, auth: this.#auth, timeoutMs: this.#timeoutMs, signal });
  }

  /** The mirror of another repository (a submodule), sharing this one's token and CA when it is on the same host. */
  related(url: string): GitMirror {
    const sameHost = gitOrigin(url) === gitOrigin(this.url);
    return new GitMirror({ dataDir: this.dataDir, key: mirrorKeyForUrl(url), url, auth: sameHost ? this.#auth : anonymousAuth, timeoutMs: this.#timeoutMs, ...(this.#signal ? { signal: this.#signal } : {}) });
  }

  async auth(): Promise<GitAuth> {
    return typeof this.#auth === 'function' ? this.#auth() : this.#auth;
  }

  async credential(): Promise<GitCredential | null> {
    return (await this.auth()).credential;
  }

  /** Creates the bare mirror if it is not there yet. */
  async ensure(signal?: AbortSignal): Promise<void> {
    await lock.run(this.path, () => this.#ensureLocked(), signal ?? this.#signal);
  }

  /**
   * Brings every branch and tag up to date (`--prune`: deleted ones go) and returns them as
   * `refs/heads/…` / `refs/tags/…` → commit id. Only new objects travel.
   */
  async fetchRefs(signal?: AbortSignal): Promise<ReadonlyMap<string, string>> {
    const stop = signal ?? this.#signal;
    return lock.run(
      this.path,
      async () => {
        await this.#ensureLocked();
        await this.#fetch(['--prune', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], phrase('sources.git.action.fetchAll'), stop);
        return this.#localRefs();
      },
      stop,
    );
  }

  /** Fetches one branch or tag and returns the commit it points at. */
  async fetchRef(ref: GitRef, signal?: AbortSignal): Promise<string> {
    const name = refName(ref);
    const stop = signal ?? this.#signal;
    return lock.run(
      this.path,
      async () => {
        await this.#ensureLocked();
        await this.#fetch(
          ['origin', `+${name}:${name}`],
          phrase('sources.git.action.fetchRef', { kind: ref.kind, name: ref.name }),
          stop,
          phrase('sources.git.noRef', { kind: ref.kind, name: ref.name, repository: this.#display() }),
        );
        return this.#revParse(name);
      },
      stop,
    );
  }

  /**
   * Makes sure `commit` is in the mirror: fetched by id when the host allows it (protocol v2 does),
   * else by fetching every branch and tag. not_found when the repository no longer has it. Under the
   * lock it is looked for once more if another fetch of this mirror ran meanwhile.
   */
  async ensureCommit(commit: string, signal?: AbortSignal, options: { readonly lookedAlready?: boolean } = {}): Promise<void> {
    if (!fullId.test(commit)) throw new AppError('invalid_input', phrase('sources.git.notCommitId', { commit }), phrase('sources.git.notCommitIdHint'));
    // A caller that has just looked for it (and not found it) spares a git process here.
    if (!options.lookedAlready && (await this.hasCommit(commit))) return;
    const stop = signal ?? this.#signal;
    const fetched = await lock.run(
      this.path,
      async (waited) => {
        await this.#ensureLocked();
        // It was looked for just before (here or by the caller). Only a fetch that held the lock
        // meanwhile can have brought it; with the lock free, a second look would cost a git process.
        if (waited && (await this.hasCommit(commit))) return true;
        try {
          // Kept under a ref: the next fetch offers only refs (and their history) as what the mirror
          // already has, so a commit fetched under none made every later fetch by id send the whole
          // repository again (a 226 MB repository: 4.5 s per build for a one-file change, 30 ms now).
          await this.#fetch(['origin', `+${commit}:${lastFetchedRef}`], phrase('sources.git.action.fetchCommit', { commit: shortCommit(commit) }), stop);
          // git fetch by id ends well only with that commit: no third look.
          return true;
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
          // Older servers refuse a want by id that no ref advertises; the refs may still contain it.
          await this.#fetch(['--prune', 'origin', '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], phrase('sources.git.action.fetchAll'), stop);
          return false;
        }
      },
      stop,
    );
    if (!fetched && !(await this.hasCommit(commit))) {
      throw new AppError(
        'not_found',
        phrase('sources.git.noCommit', { commit: shortCommit(commit), repository: this.#display() }),
        phrase('sources.git.noCommitHint'),
      );
    }
  }

  /** Deletes the mirror (an unbound repository, or one to start over); the next fetch makes it anew. */
  async remove(): Promise<void> {
    await lock.run(this.path, async () => {
      followedUrls.delete(this.path);
      rmSync(this.path, { recursive: true, force: true });
    });
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
  async resolve(ref: GitRef, options: { fetch?: boolean; signal?: AbortSignal } = {}): Promise<string> {
    if (options.fetch !== false) return this.fetchRef(ref, options.signal);
    try {
      return await this.#revParse(refName(ref));
    } catch {
      throw new AppError('not_found', phrase('sources.git.noRef', { kind: ref.kind, name: ref.name, repository: this.#display() }), phrase('sources.git.noRefHint'));
    }
  }

  async commitInfo(commit: string): Promise<CommitInfo> {
    const info = await this.commitInfoIfPresent(commit);
    if (!info) throw new AppError('not_found', phrase('sources.git.noCommit', { commit: shortCommit(commit), repository: this.#display() }), phrase('sources.git.fetchFirstHint'));
    return info;
  }

  /** As commitInfo, or null when the mirror (or the commit in it) is not there yet. */
  async commitInfoIfPresent(commit: string): Promise<CommitInfo | null> {
    if (!existsSync(this.path)) return null;
    const loose = await this.looseCommitInfo(commit);
    if (loose) return loose;
    const run = await runGit(this.path, ['log', '-1', '--no-show-signature', '--format=%H%x00%ct%x00%an%x00%B', `${commit}^{commit}`, '--']);
    if (run.code !== 0) return null;
    const [id = '', time = '0', author = '', body = ''] = run.stdout.toString('utf8').split('\0');
    return {
      commit: id.trim(),
      message: subjectOf(body),
      author,
      committedAt: new Date(Number.parseInt(time, 10) * 1000).toISOString(),
    };
  }

  /**
   * The commit read from the object store without git when it is a loose object (as a small fetch
   * leaves it); null otherwise, which says nothing about whether the mirror has it.
   */
  async looseCommitInfo(commit: string): Promise<CommitInfo | null> {
    const fields = await readLooseCommit(this.path, commit);
    return fields ? { commit, ...fields } : null;
  }

  /** A file's bytes at a commit, or null when there is no such file. */
  async readFile(commit: string, path: string): Promise<Buffer | null> {
    const run = await runGit(this.path, ['cat-file', 'blob', `${commit}:${path}`]);
    return run.code === 0 ? run.stdout : null;
  }

  async #ensureLocked(): Promise<void> {
    if (existsSync(join(this.path, 'HEAD'))) {
      // Asked of git once per mirror and address while Slipway runs, not before every fetch.
      if (followedUrls.get(this.path) === this.url) return;
      const current = await runGit(this.path, ['config', '--get', 'remote.origin.url']);
      // The code repository was re-bound to another address: keep the objects, follow the URL.
      if (current.stdout.toString().trim() !== this.url) await runGit(this.path, ['config', 'remote.origin.url', this.url]);
      followedUrls.set(this.path, this.url);
      return;
    }
    mkdirSync(join(this.dataDir, 'mirrors'), { recursive: true, mode: 0o700 });
    // Made beside and renamed into place: a crash never leaves a half-made mirror that looks ready.
    const temp = `${this.path}.tmp-${randomBytes(4).toString('hex')}`;
    mkdirSync(temp, { recursive: true });
    try {
      const steps: (readonly string[])[] = [
        ['init', '--bare', '--quiet'],
        ['config', 'remote.origin.url', this.url],
        ['config', 'core.logAllRefUpdates', 'false'],
        // gc in the foreground, inside the fetch's lock, never racing the next fetch.
        ['config', 'gc.autoDetach', 'false'],
        ['config', 'fetch.writeCommitGraph', 'false'],
      ];
      for (const args of steps) {
        const run = await runGit(temp, args);
        if (run.code !== 0) throw Object.assign(new Error(`git ${args[0] ?? ''} failed`), { stderr: run.stderr });
      }
      rmSync(this.path, { recursive: true, force: true });
      renameSync(temp, this.path);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw gitFailure(error, { url: this.url, credential: null, action: phrase('sources.git.action.createMirror') });
    }
  }

  async #fetch(args: readonly string[], action: Phrase, signal: AbortSignal | undefined, missing?: Phrase): Promise<void> {
    const { credential, caCertPem } = await this.auth();
    const caFile = caCertPem ? caFileFor(this.dataDir, caCertPem) : null;
    try {
      await runRemoteGit({
        args: ['--git-dir', this.path, 'fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', ...args],
        env: gitEnv(this.url, credential, process.env, caFile),
        signal,
        silenceMs: this.#timeoutMs,
        what: phrase('sources.git.action.fetching', { repository: this.#display() }),
      });
    } catch (error) {
      if (error instanceof AppError && (error.code === 'canceled' || error.code === 'timeout')) removeStaleLocks(this.path);
      throw gitFailure(error, { url: this.url, credential, action, ...(missing ? { missing } : {}) });
    }
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

/**
 * A git stopped by SIGKILL (it ignored SIGTERM) leaves its `*.lock` files, and every later fetch
 * would refuse "File exists". Only called under the mirror's lock, when no git of ours runs in it.
 */
function removeStaleLocks(gitDir: string): void {
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isFile() && entry.name.endsWith('.lock')) rmSync(path, { force: true });
      else if (entry.isDirectory() && depth > 0 && (dir !== gitDir || entry.name === 'refs')) walk(path, depth - 1);
    }
  };
  walk(gitDir, 8);
}

function refName(ref: GitRef): string {
  if (/[\s~^:?*[\\]|\.\.|^-|@\{/.test(ref.name)) throw new AppError('invalid_input', `“${ref.name}” is not a valid ${ref.kind} name.`);
  return `${ref.kind === 'branch' ? 'refs/heads' : 'refs/tags'}/${ref.name}`;
}
