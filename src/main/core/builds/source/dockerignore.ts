import { posix } from 'node:path';
import { AppError } from '../../../../shared/errors';
import { phrase } from '../../../../shared/i18n/phrase';

/*
 * .dockerignore exactly as the docker CLI 20.10 applies it with BuildKit: the file read by
 * builder/dockerignore, the patterns matched by pkg/fileutils' PatternMatcher, and the decisions
 * taken by fsutil's walk of the context folder. @balena/dockerignore ports the matcher but not the
 * walk, and it checks a pattern holding `**` against every parent folder where the CLI checks
 * one: given `**` followed by `/tmp`, and `!tmp/keep`, the CLI walks into tmp/ for the exception
 * and sends tmp/other too.
 */

/** Go's filepath.Clean on a `/`-separated path. */
function cleanPath(path: string): string {
  const cleaned = posix.normalize(path);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

/**
 * The patterns of a .dockerignore: a UTF-8 BOM dropped, a line starting with `#` is a comment (only
 * when `#` is the very first character: the CLI looks before trimming), then trimmed, cleaned, a
 * leading `/` dropped, `!` kept in front. Patterns that can match nothing (`.`, a bare `!`) are left out.
 */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    if (raw.startsWith('#')) continue;
    let line = raw.trim();
    if (line === '') continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1).trim();
    if (line === '') continue;
    line = cleanPath(line);
    if (line.length > 1 && line.startsWith('/')) line = line.slice(1);
    if (line === '.') continue;
    patterns.push(negated ? `!${line}` : line);
  }
  return patterns;
}

interface Pattern {
  /** Cleaned, without the `!`. */
  readonly text: string;
  readonly exclusion: boolean;
  /** How many path components the pattern has: the CLI tests a path's parent of that depth. */
  readonly depth: number;
  readonly regexp: RegExp;
}

/**
 * fileutils' translation to a regular expression: `**` crosses folders (a trailing `**` takes
 * everything), `*` and `?` stay within one, `.` and `$` are literal, `\` escapes, and every other
 * character, regular-expression syntax included, is passed through as Go passes it.
 */
function compile(text: string): RegExp {
  let source = '^';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++;
        source += i + 1 >= chars.length ? '.*' : '(.*/)?';
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '.' || c === '$') source += `\\${c}`;
    else if (c === '\\') source += i + 1 < chars.length ? `\\${chars[++i]!}` : '\\\\';
    else source += c;
  }
  source += '$';
  // Go matches runes: the `u` flag makes `?` one character, not one UTF-16 unit. It also refuses
  // escapes Go allows (`\-`), which the plain flavour reads the same way.
  for (const flags of ['u', '']) {
    try {
      return new RegExp(source, flags);
    } catch {
      // next flavour
    }
  }
  throw new AppError('invalid_input', phrase('builds.errors.dockerignorePattern', { pattern: text }), phrase('builds.errors.dockerignorePatternHint'));
}

/** fileutils.PatternMatcher as the CLI 20.10 has it. */
export class PatternMatcher {
  readonly #patterns: readonly Pattern[];
  /** Some pattern starts with `!`. */
  readonly exclusions: boolean;

  constructor(patterns: readonly string[]) {
    const list: Pattern[] = [];
    for (const raw of patterns) {
      let text = raw.trim();
      if (text === '') continue;
      const exclusion = text.startsWith('!');
      if (exclusion) text = text.slice(1);
      text = cleanPath(text);
      if (text === '' || text === '.') continue;
      list.push({ text, exclusion, depth: text.split('/').length, regexp: compile(text) });
    }
    this.#patterns = list;
    this.exclusions = list.some((p) => p.exclusion);
  }

  /** True when the last pattern matching the path, or its parent folder of the pattern's depth, excludes it. */
  matches(path: string): boolean {
    const parent = posix.dirname(path);
    const parentDirs = parent.split('/');
    let matched = false;
    for (const pattern of this.#patterns) {
      let match = pattern.regexp.test(path);
      if (!match && parent !== '.' && pattern.depth <= parentDirs.length) {
        match = pattern.regexp.test(parentDirs.slice(0, pattern.depth).join('/'));
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }

  /**
   * The walk's own rule for an excluded folder: it is still entered (and sent) when an exception
   * pattern, read as a plain path, lies inside it; otherwise it is skipped with all it holds.
   */
  entersExcludedDir(dir: string): boolean {
    if (!this.exclusions) return false;
    const prefix = `${dir}/`;
    return this.#patterns.some((p) => p.exclusion && `${p.text}/`.startsWith(prefix));
  }
}

export interface ContextFilter {
  /**
   * True when the CLI's walk of a checkout sends this entry (a path relative to the context root;
   * a folder, a submodule's included): every folder above it was entered and it is not excluded.
   */
  sends(path: string, isDir: boolean): boolean;
  readonly patterns: readonly string[];
}

/** The walk's decision per entry, from the patterns alone: paths are decided independently of order. */
export function walkFilter(patterns: readonly string[]): ContextFilter {
  const matcher = new PatternMatcher(patterns);
  const passes = (path: string, isDir: boolean): boolean => !matcher.matches(path) || (isDir && matcher.entersExcludedDir(path));
  const entered = new Map<string, boolean>();
  const enteredDir = (dir: string): boolean => {
    let known = entered.get(dir);
    if (known === undefined) {
      const slash = dir.lastIndexOf('/');
      known = (slash < 0 || enteredDir(dir.slice(0, slash))) && passes(dir, true);
      entered.set(dir, known);
    }
    return known;
  };
  return {
    patterns,
    sends: (path, isDir) => {
      if (patterns.length === 0) return true;
      const slash = path.lastIndexOf('/');
      if (slash >= 0 && !enteredDir(path.slice(0, slash))) return false;
      return isDir ? enteredDir(path) : passes(path, false);
    },
  };
}

/** The context's filter from its .dockerignore text (null: there is none). */
export function contextFilter(dockerignoreText: string | null): ContextFilter {
  return walkFilter(dockerignoreText === null ? [] : parseDockerignore(dockerignoreText));
}
