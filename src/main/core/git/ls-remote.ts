import { hash } from 'node:crypto';
import { assertPlainRemoteUrl, gitEnv, gitFailure, type GitAuth } from './auth';
import { caFileFor } from './ca-file';
import { runRemoteGit } from './process';
import { collectRefs, type ListedRef } from './ref-listing';
import type { RefListing } from './smart-http';

export interface LsRemoteOptions {
  /** The data folder: where a private CA is written for git (ca-file.ts). */
  readonly dataDir: string;
  readonly signal?: AbortSignal | undefined;
  /** Stopped when git prints nothing for this long (default 2 minutes). */
  readonly timeoutMs?: number;
}

/**
 * The branches and tags a remote has now (`refs/heads/…`, `refs/tags/…` → commit id; annotated
 * tags peeled to their commit), without fetching anything: what a trigger watcher polls. Same
 * token and CA handling, cancellation and error mapping as the mirror.
 */
export async function lsRemote(url: string, auth: GitAuth, options: LsRemoteOptions): Promise<Map<string, string>> {
  return (await lsRemoteListing(url, auth, options, null)).refs ?? new Map();
}

/** As lsRemote, stamped with a digest of git's output: `refs: null` when it is the one `since` stamped. */
export async function lsRemoteListing(url: string, auth: GitAuth, options: LsRemoteOptions, since: string | null): Promise<RefListing> {
  assertPlainRemoteUrl(url);
  const caFile = auth.caCertPem ? caFileFor(options.dataDir, auth.caCertPem) : null;
  let out: string;
  try {
    const stdout = await runRemoteGit({
      args: ['ls-remote', '--heads', '--tags', '--', url],
      env: gitEnv(url, auth.credential, process.env, caFile),
      signal: options.signal,
      silenceMs: options.timeoutMs ?? 120_000,
      what: 'Listing the repository’s branches and tags',
    });
    out = stdout.toString('utf8');
  } catch (error) {
    throw gitFailure(error, { url, credential: auth.credential, action: 'list branches and tags' });
  }
  const stamp = hash('sha1', out, 'base64');
  if (stamp === since) return { stamp, refs: null };
  const entries: ListedRef[] = [];
  for (const line of out.split('\n')) {
    const [id, name] = line.split('\t');
    if (id && name) entries.push({ id, name });
  }
  return { stamp, refs: collectRefs(entries) };
}
