import type { GitCredential } from '../domain';
import { authenticatedGit } from './git-auth';

export type RefKind = 'branch' | 'tag';

/** `branch:main` / `tag:v1.0.0` → full commit id. */
export type RefMap = Map<string, string>;

export function refKey(kind: RefKind, name: string): string {
  return `${kind}:${name}`;
}

export function splitRefKey(key: string): { kind: RefKind; name: string } {
  const i = key.indexOf(':');
  return { kind: key.slice(0, i) as RefKind, name: key.slice(i + 1) };
}

/**
 * Parses `git ls-remote` output. An annotated tag is listed twice, as the tag object and peeled
 * (`^{}`); builds want the commit, so the peeled line wins whichever order they come in.
 */
export function parseLsRemote(output: string): RefMap {
  const refs: RefMap = new Map();
  const peeled = new Set<string>();
  for (const line of output.split('\n')) {
    const m = /^([0-9a-f]{40}|[0-9a-f]{64})\t(refs\/(heads|tags)\/(.+?))(\^\{\})?$/.exec(line.trim());
    if (!m) continue;
    const [, sha = '', , area, name = '', peel] = m;
    const key = refKey(area === 'heads' ? 'branch' : 'tag', name);
    if (peel) {
      refs.set(key, sha);
      peeled.add(key);
    } else if (!peeled.has(key)) {
      refs.set(key, sha);
    }
  }
  return refs;
}

/** Every branch and tag of a remote in one request. */
export async function listRemoteRefs(url: string, credential: GitCredential | null, timeoutMs = 30_000): Promise<RefMap> {
  const output = await authenticatedGit({ credential, timeoutMs }).listRemote(['--heads', '--tags', url]);
  return parseLsRemote(output);
}

/** What moved between two sightings of a remote, branches first, each list in name order. */
export function diffRefs(previous: RefMap, current: RefMap): { kind: RefKind; name: string; before: string | null; after: string | null }[] {
  const changes: { kind: RefKind; name: string; before: string | null; after: string | null }[] = [];
  for (const [key, after] of current) {
    const before = previous.get(key) ?? null;
    if (before !== after) changes.push({ ...splitRefKey(key), before, after });
  }
  for (const [key, before] of previous) if (!current.has(key)) changes.push({ ...splitRefKey(key), before, after: null });
  return changes.sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind === 'branch' ? -1 : 1));
}
