import type { GitCredentialSource } from '../domain';
import type { BuildSourcePort, CommitDetails } from './ports';
import { packContext } from './source/context-pack';
import { statContext } from './source/context-stats';
import { GitMirror, mirrorKeyForUrl } from './source/git-mirror';

/**
 * Builds read code through one bare mirror per clone URL under the data folder; the bound
 * account's token is asked for at each fetch (it may have been refreshed) and never stored.
 */
export function sourceAdapter(dataDir: string, credentials: GitCredentialSource | undefined): BuildSourcePort {
  const mirrors = new Map<string, GitMirror>();
  const mirrorFor = (repo: Parameters<BuildSourcePort['fetch']>[0]): GitMirror => {
    const key = `${repo.sourceId ?? 'public'}:${repo.cloneUrl}`;
    let mirror = mirrors.get(key);
    if (!mirror) {
      const sourceId = repo.sourceId;
      mirror = new GitMirror({
        dataDir,
        key: mirrorKeyForUrl(repo.cloneUrl),
        url: repo.cloneUrl,
        credential: sourceId && credentials ? () => credentials.credentialFor(sourceId) : null,
      });
      mirrors.set(key, mirror);
    }
    return mirror;
  };
  // A commit never changes once fetched: the runner's second look (after the queue's) costs nothing.
  const known = new Map<string, CommitDetails>();
  return {
    async fetch(repo, target) {
      const mirror = mirrorFor(repo);
      let commit: string;
      if ('commit' in target) {
        const hit = known.get(`${mirror.path}@${target.commit}`);
        if (hit) return hit;
        await mirror.ensureCommit(target.commit);
        commit = target.commit;
      } else {
        commit = await mirror.resolve(target.ref, { fetch: true });
      }
      const info = await mirror.commitInfo(commit);
      const details = { commit: info.commit, message: info.message, committedAt: info.committedAt };
      if (known.size > 1000) known.clear();
      known.set(`${mirror.path}@${details.commit}`, details);
      return details;
    },
    async pack(repo, commit, contextDir, dockerfile) {
      const packed = await packContext({ mirror: mirrorFor(repo), commit, contextDir, dockerfile });
      return { stream: packed.stream, dockerfile: packed.dockerfilePathInContext, files: packed.files, bytes: packed.bytes };
    },
    async sync(repo, commit, contextDir, dockerfile) {
      const synced = await statContext({ mirror: mirrorFor(repo), commit, contextDir, dockerfile });
      return { source: synced.source, dockerfile: synced.dockerfile, files: synced.files, bytes: synced.bytes, transfers: synced.transfers };
    },
  };
}
