import type { GitMirror } from './git-mirror';

export interface LfsPlan {
  /** Context path → the downloaded content on disk and its size. */
  readonly replacements: ReadonlyMap<string, { readonly file: string; readonly size: number }>;
}

export async function resolveLfsFiles(_mirror: GitMirror, _commit: string, _context: string, _files: readonly { path: string; size: number }[]): Promise<LfsPlan> {
  return { replacements: new Map() };
}
