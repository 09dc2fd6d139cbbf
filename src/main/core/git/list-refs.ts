import type { GitAuth } from './auth';
import { lsRemoteListing } from './ls-remote';
import { NeedsGitProcess, readRefsOverHttp, type RefListing } from './smart-http';

export interface ListRefsOptions {
  /** The data folder: where a private CA is written if git has to run (ca-file.ts). */
  readonly dataDir: string;
  readonly signal?: AbortSignal | undefined;
  /** Stopped when the host (or git) gives no sign of life for this long. */
  readonly timeoutMs: number;
}

/**
 * A remote's branches and tags: over smart HTTP from Node for an http(s) remote (no process, a
 * kept connection), with `git ls-remote` for every other remote and for what the HTTP path
 * hands back (dumb HTTP, a proxy git must use). Same map, same errors either way.
 */
export async function listRemoteRefs(url: string, auth: GitAuth, options: ListRefsOptions): Promise<Map<string, string>> {
  return (await readRemoteRefs(url, auth, options, null)).refs ?? new Map();
}

/**
 * As listRemoteRefs, stamped (a digest of what the remote answered): given the stamp of the listing
 * the caller already holds, an unchanged remote comes back as `refs: null`, unparsed.
 */
export async function readRemoteRefs(url: string, auth: GitAuth, options: ListRefsOptions, since: string | null): Promise<RefListing> {
  const now = Date.now();
  if (/^https?:\/\//i.test(url) && (gitOnly.get(url) ?? 0) <= now) {
    try {
      return await readRefsOverHttp(url, auth, { signal: options.signal, timeoutMs: options.timeoutMs }, since);
    } catch (error) {
      if (!(error instanceof NeedsGitProcess)) throw error;
      // A dumb server stays dumb: do not ask it twice per check for a while.
      if (gitOnly.size >= maxRemembered) gitOnly.clear();
      gitOnly.set(url, now + gitOnlyMs);
    }
  }
  return lsRemoteListing(url, auth, options, since);
}

/** Remotes the HTTP path handed to git, and until when git alone lists them. */
const gitOnly = new Map<string, number>();
const gitOnlyMs = 10 * 60_000;
const maxRemembered = 10_000;
