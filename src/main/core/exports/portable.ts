import type { RuleSpec } from '../../../shared/models/rule';
import { describePattern } from '../../../shared/rules';
import type { PortableRule } from './plan-script';

/** What an export is made from: the repository's image, its registry host, and its rules in order. */
export interface ExportSource {
  /** registry/namespace/name, without a tag. */
  readonly image: string;
  readonly registryHost: string;
  readonly repositoryName: string;
  readonly noCache: boolean;
  readonly rules: readonly RuleSpec[];
}

/** A context or Dockerfile path as CI tools take it: relative to the checkout, `.` for the root. */
export function contextPath(contextDir: string): string {
  const dir = contextDir.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  return dir === '' ? '.' : `./${dir}`;
}

export function dockerfilePath(contextDir: string, dockerfile: string): string {
  const context = contextPath(contextDir);
  const file = dockerfile.replace(/\\/g, '/').replace(/^\/+/, '');
  return context === '.' ? file : `${context}/${file}`;
}

export function portableRule(spec: RuleSpec, index: number, repositoryNoCache: boolean): PortableRule {
  return {
    label: `Rule ${index + 1}: ${describePattern(spec)}`,
    type: spec.type,
    source: spec.source,
    isRegex: spec.isRegex,
    anchored: spec.anchored !== false,
    tags: spec.tags,
    context: contextPath(spec.contextDir),
    file: dockerfilePath(spec.contextDir, spec.dockerfile),
    platforms: spec.architectures.join(','),
    // Secret parameters go through the build's secrets, never as build args.
    buildArgs: spec.buildArgs.filter((a) => !a.secret).map((a) => `${a.key}=${a.value}`),
    autobuild: spec.autobuild !== false,
    noCache: repositoryNoCache || spec.buildCache === false,
  };
}

/** What an export could not carry over, said at the top of the file it wrote. */
export function unexported(rules: readonly RuleSpec[]): string[] {
  const notes: string[] = [];
  if (rules.some((r) => (r.includedPaths?.length ?? 0) + (r.ignoredPaths?.length ?? 0) > 0)) {
    notes.push('Path filters are not exported: every matching push builds.');
  }
  // Said rather than half-done: a CI test step needs the image loaded before the push, per platform.
  if (rules.some((r) => r.test)) notes.push('Test before push is not exported: these builds push without running the rule’s test.');
  return notes;
}
