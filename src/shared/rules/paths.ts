import { phrase, type Phrase } from '../i18n/phrase';
import type { RuleSpec } from '../models/rule';
import { inEnglish } from '../i18n/words';

const compiled = new Map<string, RegExp>();

/**
 * A path glob as a regular expression over repository-relative paths (`/`-separated, no leading
 * slash). `*` and `?` stay inside one directory, `**` crosses directories, `{a,b}` is a choice,
 * `[…]` a character class. A glob without any `/` matches a file name at any depth (`*.md` is
 * every Markdown file), as .gitignore reads it — what people expect when they type one.
 */
export function globToRegExp(glob: string): RegExp {
  const hit = compiled.get(glob);
  if (hit) return hit;
  let pattern = glob.trim().replace(/^\/+/, '');
  const anyDepth = !pattern.includes('/');
  if (pattern.endsWith('/')) pattern += '**';
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slashAfter = pattern[i + 2] === '/';
        const atStart = i === 0 || pattern[i - 1] === '/';
        i += slashAfter && atStart ? 2 : 1;
        out += slashAfter && atStart ? '(?:.*/)?' : '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  out += ')'.repeat(braces);
  // A directory glob (`docs/**` or `docs`) also covers what is inside it.
  const regex = new RegExp(`^${anyDepth ? '(?:.*/)?' : ''}${out}(?:/.*)?$`, 'u');
  if (compiled.size > 2000) compiled.clear();
  compiled.set(glob, regex);
  return regex;
}

/** What is wrong with a path glob, as the end of “The path pattern “…” …”. */
export function globProblem(glob: string): Phrase | null {
  if (glob.trim() === '') return phrase('rules.glob.empty');
  if (glob.split('/').includes('..')) return phrase('rules.glob.leaves');
  try {
    globToRegExp(glob);
    return null;
  } catch {
    return phrase('rules.glob.invalid');
  }
}

export type PathVerdict = { readonly build: true; readonly filtered: boolean } | { readonly build: false; readonly reason: string; readonly phrase: Phrase };

function matchesAny(globs: readonly string[], path: string): boolean {
  return globs.some((g) => globToRegExp(g).test(path));
}

/** True when the rule has path filters, so the dispatcher must find out which files changed. */
export function hasPathFilters(spec: Pick<RuleSpec, 'includedPaths' | 'ignoredPaths'>): boolean {
  return (spec.includedPaths?.length ?? 0) + (spec.ignoredPaths?.length ?? 0) > 0;
}

/**
 * Cloud Build's reading of path filters: files matching an ignored glob do not count; with
 * included globs, at least one remaining file must match one of them; without, any remaining
 * file is enough.
 */
function skip(reason: Phrase): PathVerdict {
  return { build: false, reason: inEnglish(reason), phrase: reason };
}

export function pathVerdict(spec: Pick<RuleSpec, 'includedPaths' | 'ignoredPaths'>, changedFiles: readonly string[]): PathVerdict {
  if (!hasPathFilters(spec)) return { build: true, filtered: false };
  const included = spec.includedPaths ?? [];
  const ignored = spec.ignoredPaths ?? [];
  if (changedFiles.length === 0) return skip(phrase('triggers.activity.noFilesChanged'));
  const relevant = changedFiles.filter((f) => !matchesAny(ignored, f));
  if (relevant.length === 0) return skip(phrase('triggers.activity.allIgnored', { globs: ignored.join(', ') }));
  if (included.length > 0 && !relevant.some((f) => matchesAny(included, f))) return skip(phrase('triggers.activity.notUnder', { globs: included.join(', ') }));
  return { build: true, filtered: true };
}
