import { posix } from 'node:path';
import { walkFilter } from '../source/dockerignore';
import { GoFileMode, type FileStat } from './filesync-wire';

/**
 * Which entries of a synced folder one DiffCopy sends, from the patterns the engine put in the
 * call's metadata. fsutil's walker rules: an include pattern (or a follow path) takes a path when
 * the pattern matches it or one of its parent folders, component by component with Go's
 * filepath.Match; exclude patterns are .dockerignore patterns, applied as the walk applies them
 * (an excluded folder is skipped whole unless an exception lies inside it). Without include
 * patterns every folder the walk enters is sent, empty or not; with them, a folder is sent when it
 * is included itself or something inside it is.
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
  const walk = walkFilter(excludes);
  const included = (path: string) => includes.length === 0 || includes.some((p) => includedBy(p, path));
  const isDir = (e: FileStat) => (e.mode & GoFileMode.dir) !== 0;
  const kept = new Set<string>();
  const holding = new Set<string>();
  for (const e of entries) {
    if (!walk.sends(e.path, isDir(e)) || !included(e.path)) continue;
    kept.add(e.path);
    for (let i = e.path.indexOf('/'); i >= 0; i = e.path.indexOf('/', i + 1)) holding.add(e.path.slice(0, i));
  }
  return entries.filter((e) => kept.has(e.path) || (isDir(e) && holding.has(e.path) && walk.sends(e.path, true)));
}
