import type { RuleSpec } from '../models/rule';
import { compilePattern, type RefName } from './pattern';
import type { RuleProblem } from './problems';
import { renderTags } from './render';

export interface PushedRef extends RefName {
  readonly commitId: string;
}

export interface RuleOutcome {
  readonly ruleId: string;
  readonly tags: readonly string[];
  readonly problems: readonly RuleProblem[];
}

export interface RefPlan {
  readonly ref: PushedRef;
  readonly matches: readonly RuleOutcome[];
}

export interface Collision {
  readonly tag: string;
  readonly ruleIds: readonly string[];
  readonly refs: readonly string[];
}

export interface PushPlan {
  readonly refs: readonly RefPlan[];
  readonly collisions: readonly Collision[];
}

/**
 * What a push of these refs would build: for each ref the matching rules and their tags, and the
 * tags that two different rules would both write — the later push would silently win.
 */
export function planPush(rules: readonly { readonly id: string; readonly spec: RuleSpec }[], refs: readonly PushedRef[], time: Date): PushPlan {
  const compiled = rules.map((r) => ({ rule: r, pattern: compilePattern(r.spec) }));
  const writers = new Map<string, { rules: Set<string>; refs: Set<string> }>();
  const plans = refs.map((ref) => {
    const matches: RuleOutcome[] = [];
    for (const { rule, pattern } of compiled) {
      if (!pattern.ok) continue;
      const match = pattern.test(ref);
      if (!match) continue;
      const rendered = renderTags(rule.spec, match, { commitId: ref.commitId, time });
      if (!rendered.ok) {
        matches.push({ ruleId: rule.id, tags: [], problems: rendered.problems });
        continue;
      }
      matches.push({ ruleId: rule.id, tags: rendered.tags, problems: [] });
      for (const tag of rendered.tags) {
        const entry = writers.get(tag) ?? { rules: new Set<string>(), refs: new Set<string>() };
        entry.rules.add(rule.id);
        entry.refs.add(`${ref.type}:${ref.name}`);
        writers.set(tag, entry);
      }
    }
    return { ref, matches };
  });
  const collisions = [...writers.entries()]
    .filter(([, w]) => w.rules.size > 1)
    .map(([tag, w]) => ({ tag, ruleIds: [...w.rules], refs: [...w.refs] }));
  return { refs: plans, collisions };
}
