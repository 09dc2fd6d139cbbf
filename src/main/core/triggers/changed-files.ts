import { AppError } from '../../../shared/errors';
import type { CodeRepositoryRef } from '../../../shared/models/code-repo';
import { GitMirror, mirrorKeyForUrl } from '../builds/source';
import { runGit } from '../builds/source/git-process';
import type { GitCredentialSource } from '../domain';

/**
 * Which files a push changed, for rules with path filters. It reads the same bare mirror the builds
 * fetch into (`<data>/mirrors/<key>.git`, same key, same lock), so the objects fetched here are the
 * ones the build will pack next, and nothing is fetched twice.
 */
export class ChangedFiles {
  constructor(
    private readonly dataDir: string,
    private readonly credentials: GitCredentialSource | undefined,
  ) {}

  /**
   * Files that differ between `before` and `after`. For a new ref (no `before`, or one the remote
   * no longer has after a force-push) the tip commit's own changes count: what that push added.
   */
  async between(repository: Pick<CodeRepositoryRef, 'cloneUrl' | 'sourceId'>, before: string | null, after: string): Promise<string[]> {
    const sourceId = repository.sourceId;
    const credentials = this.credentials;
    const mirror = new GitMirror({
      dataDir: this.dataDir,
      key: mirrorKeyForUrl(repository.cloneUrl),
      url: repository.cloneUrl,
      credential: sourceId && credentials ? () => credentials.credentialFor(sourceId) : null,
    });
    await mirror.fetchRefs();
    if (!(await mirror.hasCommit(after))) await mirror.ensureCommit(after);
    let base: string | null = before && (await mirror.hasCommit(before)) ? before : null;
    if (!base && (await mirror.hasCommit(`${after}^1`))) base = `${after}^1`;
    const run = base ? await runGit(mirror.path, ['diff', '--name-only', '--no-renames', '-z', base, after]) : await runGit(mirror.path, ['ls-tree', '-r', '--name-only', '-z', after]);
    if (run.code !== 0) throw new AppError('internal', `git could not compare ${after.slice(0, 7)} with what came before: ${run.stderr.trim().split('\n')[0] ?? ''}`);
    return run.stdout.toString('utf8').split('\0').filter((f) => f !== '');
  }
}
