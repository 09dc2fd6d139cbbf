import { existsSync } from 'node:fs';
import type { GitAccess } from '../git';
import type { BuildSourcePort, CommitDetails } from './ports';
import type { CodeRepositoryRef } from '../../../shared/models/code-repo';
import { packPlanned, planContext, type ContextPlan } from './source/context-pack';
import { statPlanned } from './source/context-stats';

/** How long a commit looked at by the queue counts as still there for the build that follows. */
const recentMs = 60_000;

/**
 * Builds read code through the git seam's mirrors (one per clone URL under the data folder); the
 * bound account's token and CA are asked for at each fetch, and a build's signal stops its fetches,
 * the context packer's included.
 */
export function sourceAdapter(git: GitAccess): BuildSourcePort {
  // A commit never changes once fetched: the runner's second look (after the queue's) costs nothing.
  const known = new Map<string, { readonly details: CommitDetails; readonly seenAt: number }>();
  // Within a minute of the queue's look (the usual case) the folder being there is enough: git keeps
  // even an unreferenced fetched object two weeks, so only removing the mirror loses it.
  const recentlySeen = (mirrorPath: string, commit: string): CommitDetails | undefined => {
    const hit = known.get(`${mirrorPath}@${commit}`);
    return hit !== undefined && Date.now() - hit.seenAt < recentMs && existsSync(mirrorPath) ? hit.details : undefined;
  };
  // One build may ask for its context more than once (one tar per platform, or the file sync and a
  // tar for a builder without a session): planned once per build, found by the build's signal, gone with it.
  const plans = new WeakMap<AbortSignal, Map<string, Promise<ContextPlan>>>();
  const plan = (repo: CodeRepositoryRef, commit: string, contextDir: string, dockerfile: string, signal: AbortSignal | undefined): Promise<ContextPlan> => {
    const make = () => {
      const mirror = git.mirror(repo, signal);
      const seen = recentlySeen(mirror.path, commit);
      return planContext({ mirror, commit, contextDir, dockerfile, present: seen !== undefined, ...(seen ? { committedAt: seen.committedAt } : {}) });
    };
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
        // The mirror may have been removed since (disk cleaned): then the build fetches again.
        const recent = recentlySeen(mirror.path, target.commit);
        if (recent) return recent;
        const hit = known.get(`${mirror.path}@${target.commit}`);
        if (hit && (await mirror.hasCommit(hit.details.commit))) return hit.details;
        // A commit a small fetch brought is a loose object, read without git. Any other is fetched
        // by id without a look first: a new commit (a push) needs the fetch anyway, and for one the
        // mirror holds packed, git finds it there and does not ask the server.
        const loose = await mirror.looseCommitInfo(target.commit);
        if (loose) return remember(loose);
        await mirror.ensureCommit(target.commit, signal, { lookedAlready: true });
        commit = target.commit;
      } else {
        commit = await mirror.resolve(target.ref, { fetch: true, ...(signal ? { signal } : {}) });
      }
      return remember(await mirror.commitInfo(commit));

      function remember(info: CommitDetails): CommitDetails {
        const details = { commit: info.commit, message: info.message, committedAt: info.committedAt };
        if (known.size > 1000) known.clear();
        known.set(`${mirror.path}@${details.commit}`, { details, seenAt: Date.now() });
        return details;
      }
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
