import type { GitAccess } from '../git';
import type { BuildSourcePort, CommitDetails } from './ports';
import type { CodeRepositoryRef } from '../../../shared/models/code-repo';
import { packPlanned, planContext, type ContextPlan } from './source/context-pack';
import { statPlanned } from './source/context-stats';

/**
 * Builds read code through the git seam's mirrors (one per clone URL under the data folder); the
 * bound account's token and CA are asked for at each fetch, and a build's signal stops its fetches,
 * the context packer's included.
 */
export function sourceAdapter(git: GitAccess): BuildSourcePort {
  // A commit never changes once fetched: the runner's second look (after the queue's) costs nothing.
  const known = new Map<string, CommitDetails>();
  // One build asks for its context twice (the size that picks the transport, then the tar, or one
  // tar per platform): planned once per build, found by the build's signal, gone with it.
  const plans = new WeakMap<AbortSignal, Map<string, Promise<ContextPlan>>>();
  const plan = (repo: CodeRepositoryRef, commit: string, contextDir: string, dockerfile: string, signal: AbortSignal | undefined): Promise<ContextPlan> => {
    const make = () => planContext({ mirror: git.mirror(repo, signal), commit, contextDir, dockerfile });
    if (!signal) return make();
    const mine = plans.get(signal) ?? new Map<string, Promise<ContextPlan>>();
    plans.set(signal, mine);
    const key = JSON.stringify([repo.cloneUrl, commit, contextDir, dockerfile]);
    let planned = mine.get(key);
    if (!planned) {
      planned = make();
      mine.set(key, planned);
      // A failure is not kept: the next ask (a retry of the same build) plans again.
      planned.catch(() => mine.delete(key));
    }
    return planned;
  };
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
      const packed = packPlanned(await plan(repo, commit, contextDir, dockerfile, signal));
      return { stream: packed.stream, dockerfile: packed.dockerfilePathInContext, files: packed.files, bytes: packed.bytes };
    },
    async sync(repo, commit, contextDir, dockerfile, signal) {
      const synced = await statPlanned(await plan(repo, commit, contextDir, dockerfile, signal));
      return { source: synced.source, dockerfile: synced.dockerfile, files: synced.files, bytes: synced.bytes, transfers: synced.transfers };
    },
    readFile: (repo, commit, path, signal) => git.mirror(repo, signal).readFile(commit, path),
  };
}
