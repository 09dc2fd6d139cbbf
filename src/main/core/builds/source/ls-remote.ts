import { simpleGit } from 'simple-git';
import type { GitCredential } from '../../domain';
import { assertPlainRemoteUrl, gitEnv, gitFailure, simpleGitUnsafe } from './git-auth';
import { AppError } from '../../../../shared/errors';

/**
 * The branches and tags a remote has now (`refs/heads/…`, `refs/tags/…` → commit id; annotated
 * tags peeled to their commit), without fetching anything: what a trigger watcher polls. Same
 * token handling and error mapping as the mirror.
 */
export async function lsRemote(url: string, credential: GitCredential | null, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Map<string, string>> {
  assertPlainRemoteUrl(url);
  const git = simpleGit({ unsafe: simpleGitUnsafe, timeout: { block: options.timeoutMs ?? 120_000 }, ...(options.signal ? { abort: options.signal } : {}) }).env(gitEnv(url, credential));
  let out: string;
  try {
    out = await git.listRemote(['--heads', '--tags', '--', url]);
  } catch (error) {
    if (options.signal?.aborted) throw new AppError('canceled', 'Listing the repository’s branches was canceled.');
    throw gitFailure(error, { url, credential, action: 'list branches and tags' });
  }
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [id, name] = line.split('\t');
    if (!id || !name) continue;
    if (name.endsWith('^{}')) refs.set(name.slice(0, -3), id);
    else if (!refs.has(name)) refs.set(name, id);
  }
  return refs;
}
