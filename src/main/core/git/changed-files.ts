import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { GitMirror } from './mirror';
import { runGit } from './process';

/**
 * Which files a push changed, for rules with path filters. It reads the same bare mirror the builds
 * fetch into (same key, same lock), so the objects fetched here are the ones the build will pack
 * next, and nothing is fetched twice. For a new ref (no `before`, or one the remote no longer has
 * after a force-push) the tip commit's own changes count: what that push added.
 */
export async function changedFiles(mirror: GitMirror, before: string | null, after: string, signal?: AbortSignal): Promise<string[]> {
  await mirror.fetchRefs(signal);
  await mirror.ensureCommit(after, signal);
  let base: string | null = before && (await mirror.hasCommit(before)) ? before : null;
  if (!base && (await mirror.hasCommit(`${after}^1`))) base = `${after}^1`;
  const run = base ? await runGit(mirror.path, ['diff', '--name-only', '--no-renames', '-z', base, after]) : await runGit(mirror.path, ['ls-tree', '-r', '--name-only', '-z', after]);
  if (run.code !== 0) throw new AppError('internal', phrase('sources.git.compareFailed', { commit: after.slice(0, 7), detail: run.stderr.trim().split('\n')[0] ?? '' }));
  return run.stdout.toString('utf8').split('\0').filter((f) => f !== '');
}
