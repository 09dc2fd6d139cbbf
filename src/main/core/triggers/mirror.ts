import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GitCredential } from '../domain';
import { authenticatedGit } from './git-auth';

/**
 * Bare mirrors under dataDir/mirrors/<repositoryId>.git, fetched only when a rule has path filters
 * and the dispatcher must know which files a push changed. The clone URL is given to each fetch as
 * an argument (it never holds a login) and is not written to the mirror's config.
 */
export class Mirrors {
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(private readonly root: string) {}

  path(repositoryId: string): string {
    return join(this.root, `${repositoryId}.git`);
  }

  /** Brings the mirror up to date with every branch and tag of the remote. */
  async fetch(repositoryId: string, url: string, credential: GitCredential | null): Promise<void> {
    await this.#serial(repositoryId, async () => {
      const dir = this.path(repositoryId);
      if (!existsSync(join(dir, 'HEAD'))) {
        mkdirSync(dir, { recursive: true });
        await authenticatedGit({ baseDir: dir }).raw(['init', '--quiet', '--bare']);
      }
      await authenticatedGit({ baseDir: dir, credential, timeoutMs: 120_000 }).raw([
        'fetch', '--quiet', '--prune', '--no-tags', '--', url, '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*',
      ]);
    });
  }

  /**
   * Files that differ between `before` and `after`. For a new ref (no `before`, or one the mirror
   * does not have after a force-push and gc) the tip commit's own changes count: what that push added.
   */
  async changedFiles(repositoryId: string, before: string | null, after: string): Promise<string[]> {
    const git = authenticatedGit({ baseDir: this.path(repositoryId) });
    const has = async (rev: string) => {
      try {
        await git.raw(['cat-file', '-e', `${rev}^{commit}`]);
        return true;
      } catch {
        return false;
      }
    };
    let base: string | null = before && (await has(before)) ? before : null;
    if (!base && (await has(`${after}^1`))) base = `${after}^1`;
    const out = base
      ? await git.raw(['diff', '--name-only', '--no-renames', '-z', base, after])
      : await git.raw(['ls-tree', '-r', '--name-only', '-z', after]);
    return out.split('\0').filter((f) => f !== '');
  }

  async #serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.#locks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.#locks.get(key) === next) this.#locks.delete(key);
    }
  }
}
