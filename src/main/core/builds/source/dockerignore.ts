import ignore from '@balena/dockerignore';
import { posix } from 'node:path';

/**
 * .dockerignore as the docker CLI reads it: comments and blank lines dropped, each pattern cleaned
 * like Go's filepath.Clean and taken relative to the context root (a leading `/` means the root),
 * `!` re-includes. The Dockerfile and the ignore file itself are always sent, as the CLI does.
 */
export function parseDockerignore(text: string): string[] {
  const patterns: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1).trim();
    let cleaned = posix.normalize(line).replace(/^\/+/, '');
    if (cleaned !== '/' && cleaned.endsWith('/')) cleaned = cleaned.slice(0, -1);
    if (cleaned === '' || cleaned === '.') continue;
    patterns.push(negated ? `!${cleaned}` : cleaned);
  }
  return patterns;
}

export interface ContextFilter {
  /** True when the path (relative to the context root) goes into the context. */
  includes(path: string): boolean;
  readonly patterns: readonly string[];
  /** Some pattern re-includes (`!`): an excluded folder may still contribute files. */
  readonly hasExceptions: boolean;
}

export function contextFilter(dockerignoreText: string | null, alwaysSent: readonly string[]): ContextFilter {
  const patterns = dockerignoreText === null ? [] : parseDockerignore(dockerignoreText);
  if (patterns.length === 0) return { includes: () => true, patterns, hasExceptions: false };
  const matcher = ignore().add(patterns);
  const keep = new Set(alwaysSent);
  return {
    includes: (path) => keep.has(path) || !matcher.ignores(path),
    patterns,
    hasExceptions: patterns.some((p) => p.startsWith('!')),
  };
}
