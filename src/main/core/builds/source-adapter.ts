import type { GitAccess } from '../git';
import type { BuildSourcePort, CommitDetails } from './ports';
import { packContext } from './source/context-pack';
import { statContext } from './source/context-stats';

/**
 * Builds read code through the git seam's mirrors (one per clone URL under the data folder); the
 * bound account's token and CA are asked for at each fetch, and a build's signal stops its fetches,
 * the context packer's included.
 */
export function sourceAdapter(git: GitAccess): BuildSourcePort {
  // A commit never changes once fetched: the runner's second look (after the queue's) costs nothing.
  const known = new Map<string, CommitDetails>();
  return {
    async fetch(repo, target, signal) {
      const mirror = git.mirror(repo);
      let commit: string;
      if ('commit' in target) {
        const hit = known.get(`${mirror.path}@${target.commit}`);
        // The mirror may have been removed since (disk cleaned): then the build fetches again.
        if (hit && (await mirror.hasCommit(hit.commit))) return hit;
        await mirror.ensureCommit(target.commit, signal);
        commit = target.commit;
      } else {
        commit = await mirror.resolve(target.ref, { fetch: true, ...(signal ? { signal } : {}) });
      }
      const info = await mirror.commitInfo(commit);
      const details = { commit: info.commit, message: info.message, committedAt: info.committedAt };
      if (known.size > 1000) known.clear();
      known.set(`${mirror.path}@${details.commit}`, details);
      return details;
    },
    async pack(repo, commit, contextDir, dockerfile, signal) {
      const packed = await packContext({ mirror: git.mirror(repo, signal), commit, contextDir, dockerfile });
      return { stream: packed.stream, dockerfile: packed.dockerfilePathInContext, files: packed.files, bytes: packed.bytes };
    },
    async sync(repo, commit, contextDir, dockerfile, signal) {
      const synced = await statContext({ mirror: git.mirror(repo, signal), commit, contextDir, dockerfile });
      return { source: synced.source, dockerfile: synced.dockerfile, files: synced.files, bytes: synced.bytes, transfers: synced.transfers };
    },
    readFile: (repo, commit, path, signal) => git.mirror(repo, signal).readFile(commit, path),
  };
}
