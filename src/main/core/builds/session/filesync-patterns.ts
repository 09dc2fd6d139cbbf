import ignore from '@balena/dockerignore';
import { posix } from 'node:path';
import { GoFileMode, type FileStat } from './filesync-wire';

/**
 * Which entries of a synced folder one DiffCopy sends, from the patterns the engine put in the
 * call's metadata. fsutil's walker rules: an include pattern (or a follow path) takes a path when
 * the pattern matches it or one of its parent folders, component by component with Go's
 * filepath.Match; exclude patterns are .dockerignore patterns. Folders are sent when something
 * inside them is.
 */
export interface Selection {
  readonly includes: readonly string[];
  readonly excludes: readonly string[];
}

function clean(pattern: string): string {
  const c = posix.normalize(pattern.trim()).replace(/^(\.\/)+|^\/+/, '').replace(/\/+$/, '');
  return c === '.' ? '' : c;
}

const globCache = new Map<string, RegExp>();

/** One path component of Go's filepath.Match: `*`, `?`, `[...]` (with `^`, ranges) and `\` escapes. */
function componentRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) out += escape(glob[++i]!);
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\]\\]/g, '\\$&')}]`;
      i = end;
    } else out += escape(c);
  }
  re = new RegExp(`${out}$`, 'u');
  globCache.set(glob, re);
  return re;
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** True when `pattern` matches `path` itself or one of its parent folders. */
export function includedBy(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const have = path.split('/');
  if (have.length < want.length) return false;
  return want.every((glob, i) => componentRegExp(glob).test(have[i]!));
}

/** The entries one call sends, in the same walk order; ids in the transfer are indexes into it. */
export function selectEntries(entries: readonly FileStat[], selection: Selection): FileStat[] {
  const includes = selection.includes.map(clean).filter((p) => p !== '');
  const excludes = selection.excludes.map((p) => (p.startsWith('!') ? `!${clean(p.slice(1))}` : clean(p))).filter((p) => p !== '' && p !== '!');
  if (includes.length === 0 && excludes.length === 0) return [...entries];
  const excluded = excludes.length > 0 ? ignore().add(excludes) : null;
  const keptFiles = new Set<string>();
  const keptDirs = new Set<string>();
  for (const e of entries) {
    if ((e.mode & GoFileMode.dir) !== 0) continue;
    if (includes.length > 0 && !includes.some((p) => includedBy(p, e.path))) continue;
    if (excluded?.ignores(e.path)) continue;
    keptFiles.add(e.path);
    for (let i = e.path.indexOf('/'); i >= 0; i = e.path.indexOf('/', i + 1)) keptDirs.add(e.path.slice(0, i));
  }
  return entries.filter((e) => ((e.mode & GoFileMode.dir) !== 0 ? keptDirs.has(e.path) : keptFiles.has(e.path)));
}
