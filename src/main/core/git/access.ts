import type { CodeRepositoryRef } from '../../../shared/models/code-repo';
import type { GitCredentialSource } from '../domain';
import { anonymousAuth, type GitAuth } from './auth';
import { changedFiles } from './changed-files';
import { listRemoteRefs, readRemoteRefs } from './list-refs';
import { GitMirror, mirrorKeyForUrl } from './mirror';
import { ReusedLogins } from './reused-logins';
import type { RefListing } from './smart-http';

export type { RefListing };

/** A remote as the catalog knows it: the clone URL, and the code source whose login reads it (null: public). */
export type GitRemote = Pick<CodeRepositoryRef, 'cloneUrl' | 'sourceId'>;

/** Implemented by the code sources: the login and the private CA git uses for a bound account. */
export interface GitAuthSource {
  gitAuthFor(sourceId: string): Promise<GitAuth>;
}

/**
 * The one door to git for builds, the watcher and path filters. Each call names the remote and
 * may carry an abort signal; the remote's credential and CA are asked of its code source at each
 * network command and handed to git together (auth.ts), and the signal reaches the git process.
 * Ref listings of http(s) remotes speak smart HTTP from Node with the same login, CA and signal
 * (smart-http.ts), so the watcher starts no process per check.
 */
export interface GitAccess {
  /** The remote's branches and tags now (`refs/heads/…`, `refs/tags/…` → commit), nothing fetched. */
  listRefs(remote: GitRemote, signal?: AbortSignal): Promise<Map<string, string>>;
  /**
   * As listRefs, for a caller that asks the same remote again and again (the watcher): `since` is
   * the stamp of the listing it holds, and a remote that answers the same bytes comes back as
   * `refs: null`, unparsed. The login and CA are asked of the code source once and reused for a
   * while (reused-logins.ts), not decrypted for every check.
   */
  readRefs(remote: GitRemote, since: string | null, signal?: AbortSignal): Promise<RefListing>;
  /** The remote's local mirror (one per clone URL); `signal` stops its fetches that carry none of their own. */
  mirror(remote: GitRemote, signal?: AbortSignal): GitMirror;
  /** Files that differ between two commits of the remote, fetching what the mirror lacks (path filters). */
  changedFiles(remote: GitRemote, before: string | null, after: string, signal?: AbortSignal): Promise<string[]>;
  /** A code source was bound, unbound or refreshed: logins held for reuse are asked for again. */
  forgetLogins(): void;
}

export interface GitAccessOptions {
  /** Slipway's data folder: mirrors and written CA files live under it. */
  readonly dataDir: string;
  /** Absent: every remote is fetched anonymously. */
  readonly auth?: GitAuthSource | undefined;
  /** A ref listing is stopped after this long without a word (default 30 s: a poll, not a download). */
  readonly listTimeoutMs?: number;
}

export function createGitAccess(options: GitAccessOptions): GitAccess {
  const authFor = (remote: GitRemote): (() => Promise<GitAuth>) | GitAuth => {
    const { sourceId } = remote;
    const source = options.auth;
    return sourceId && source ? () => source.gitAuthFor(sourceId) : anonymousAuth;
  };
  const mirror = (remote: GitRemote, signal?: AbortSignal): GitMirror =>
    new GitMirror({ dataDir: options.dataDir, key: mirrorKeyForUrl(remote.cloneUrl), url: remote.cloneUrl, auth: authFor(remote), ...(signal ? { signal } : {}) });
  const listOptions = (signal: AbortSignal | undefined) => ({ dataDir: options.dataDir, signal, timeoutMs: options.listTimeoutMs ?? 30_000 });
  const logins = new ReusedLogins((sourceId) => (options.auth ? options.auth.gitAuthFor(sourceId) : Promise.resolve(anonymousAuth)));
  return {
    async listRefs(remote, signal) {
      const auth = authFor(remote);
      return listRemoteRefs(remote.cloneUrl, typeof auth === 'function' ? await auth() : auth, listOptions(signal));
    },
    async readRefs(remote, since, signal) {
      const { sourceId } = remote;
      if (!sourceId || !options.auth) return readRemoteRefs(remote.cloneUrl, anonymousAuth, listOptions(signal), since);
      return logins.use(sourceId, (auth) => readRemoteRefs(remote.cloneUrl, auth, listOptions(signal), since));
    },
    mirror,
    changedFiles: (remote, before, after, signal) => changedFiles(mirror(remote), before, after, signal),
    forgetLogins: () => logins.forgetAll(),
  };
}

/** For a login source that has no CA to give (tests replacing the code sources' logins). */
export function authWithoutCa(credentials: GitCredentialSource): GitAuthSource {
  return { gitAuthFor: async (sourceId) => ({ credential: await credentials.credentialFor(sourceId), caCertPem: null }) };
}
