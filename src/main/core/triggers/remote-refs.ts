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

/** A remote's `refs/heads/…` / `refs/tags/…` (as GitAccess.listRefs gives them) keyed as the watcher keeps them. */
export function refMapOf(remoteRefs: ReadonlyMap<string, string>): RefMap {
  const refs: RefMap = new Map();
  for (const [name, sha] of remoteRefs) {
    if (name.startsWith('refs/heads/')) refs.set(refKey('branch', name.slice('refs/heads/'.length)), sha);
    else if (name.startsWith('refs/tags/')) refs.set(refKey('tag', name.slice('refs/tags/'.length)), sha);
  }
  return refs;
}

/** What moved between two sightings of a remote, branches first, each list in name order. */
export function diffRefs(previous: ReadonlyMap<string, string>, current: ReadonlyMap<string, string>): { kind: RefKind; name: string; before: string | null; after: string | null }[] {
  const changes: { kind: RefKind; name: string; before: string | null; after: string | null }[] = [];
  for (const [key, after] of current) {
    const before = previous.get(key) ?? null;
    if (before !== after) changes.push({ ...splitRefKey(key), before, after });
  }
  for (const [key, before] of previous) if (!current.has(key)) changes.push({ ...splitRefKey(key), before, after: null });
  return changes.sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind === 'branch' ? -1 : 1));
}
