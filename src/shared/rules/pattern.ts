import { phrase, type Phrase } from '../i18n/phrase';
import { inEnglish } from '../i18n/words';
import type { RuleSpec } from '../models/rule';

export interface RefName {
  readonly type: 'branch' | 'tag';
  readonly name: string;
}

export interface RefMatch {
  /** The branch or tag name that matched, for `${sourceref}`. */
  readonly ref?: string;
  readonly groups: Readonly<Record<string, string>>;
  /** Numbered groups, ${1} first; index 0 is ${1}. */
  readonly numbered: readonly string[];
}

export type CompiledPattern =
  | { readonly ok: true; readonly test: (ref: RefName) => RefMatch | null; readonly groupNames: readonly string[]; readonly groupCount: number }
  | { readonly ok: false; readonly message: string; readonly phrase: Phrase };

type PatternSpec = Pick<RuleSpec, 'type' | 'source' | 'isRegex' | 'anchored'>;

const cache = new Map<string, CompiledPattern>();

/**
 * Compiles a rule's branch/tag pattern once. A regex is anchored unless the user turns that off,
 * so `master` never matches `release/master` by accident (the unanchored-pattern trap).
 */
export function compilePattern(spec: PatternSpec): CompiledPattern {
  const key = `${spec.type}\u0000${spec.isRegex ? 1 : 0}${spec.anchored === false ? 0 : 1}\u0000${spec.source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const compiled = compile(spec);
  if (cache.size > 5000) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

function compile(spec: PatternSpec): CompiledPattern {
  if (!spec.isRegex) {
    const literal = spec.source;
    return { ok: true, groupNames: [], groupCount: 0, test: (ref) => (ref.type === spec.type && ref.name === literal ? { ref: ref.name, groups: {}, numbered: [] } : null) };
  }
  let regex: RegExp;
  try {
    const source = spec.anchored === false ? spec.source : `^(?:${spec.source})$`;
    regex = new RegExp(source, 'u');
  } catch (error) {
    // The engine's own reason is shown as received, inside Slipway's sentence.
    const sentence = phrase('rules.problem.badRegex', { detail: (error as Error).message.replace(/^Invalid regular expression: /, '') });
    return { ok: false, message: inEnglish(sentence), phrase: sentence };
  }
  // Matching the empty alternative reveals how many capturing groups the pattern has.
  const groupCount = (new RegExp(`${regex.source}|`, 'u').exec('')?.length ?? 1) - 1;
  const groupNames = [...spec.source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1] ?? '');
  return {
    ok: true,
    groupNames,
    groupCount,
    test: (ref) => {
      if (ref.type !== spec.type) return null;
      const m = regex.exec(ref.name);
      if (!m) return null;
      // fromEntries defines own keys: a group the user called __proto__ stays a group.
      const groups = Object.fromEntries(Object.entries(m.groups ?? {}).map(([name, value]) => [name, value ?? '']));
      return { ref: ref.name, groups, numbered: m.slice(1).map((v) => v ?? '') };
    },
  };
}

/** What the UI says about a pattern, so nobody has to guess whether it is anchored. */
export function patternPhrase(spec: PatternSpec): Phrase {
  const params = { what: spec.type, source: spec.source };
  if (!spec.isRegex) return phrase('rules.pattern.exact', params);
  return phrase(spec.anchored === false ? 'rules.pattern.unanchored' : 'rules.pattern.anchored', params);
}

/** The same in English, for exports and logs. */
export function describePattern(spec: PatternSpec): string {
  return inEnglish(patternPhrase(spec));
}
