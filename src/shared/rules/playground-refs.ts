import type { PushedRef } from './plan';

/** A branch or tag read from the bound code repository, with the commit it points at. */
export interface KnownRef {
  readonly type: 'branch' | 'tag';
  readonly name: string;
  readonly commit: string;
}

export interface PlaygroundRef extends PushedRef {
  /** True when no real commit is known for the ref and `commitId` was made up to show a tag's shape. */
  readonly commitIsExample: boolean;
}

/**
 * "branch main" / "tag v1.0" per line (a bare name is a branch). A ref the bound repository
 * listed takes its real commit; any other gets an example commit id, flagged as such, so
 * commit-id tags still show their shape without passing for a real push.
 */
export function parseRefs(text: string, known: readonly KnownRef[] = []): PlaygroundRef[] {
  const commits = new Map(known.map((r) => [`${r.type}\u0000${r.name}`, r.commit]));
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line): { type: 'branch' | 'tag'; name: string } => {
      const [first = '', ...rest] = line.split(/\s+/);
      const kind = first.toLowerCase();
      return kind === 'tag' || kind === 'branch' ? { type: kind, name: rest.join(' ') } : { type: 'branch', name: line };
    })
    .filter((r) => r.name !== '')
    .map((r, i) => {
      const real = commits.get(`${r.type}\u0000${r.name}`);
      return real ? { ...r, commitId: real, commitIsExample: false } : { ...r, commitId: exampleCommit(i), commitIsExample: true };
    });
}

/** Distinct per line so two refs' commit-id tags differ, as they would for two real pushes. */
export function exampleCommit(seed: number): string {
  return Array.from({ length: 40 }, (_, i) => '0123456789abcdef'[(seed * 7 + i * 13) % 16]).join('');
}
