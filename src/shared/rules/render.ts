import { phrase, type Phrase } from '../i18n/phrase';
import { inEnglish } from '../i18n/words';
import type { RuleSpec } from '../models/rule';
import { dockerTagProblem } from './names';
import type { RefMatch } from './pattern';
import { ruleProblem, type RuleProblem } from './problems';
import { fillTemplate } from './template';
import { formatTime } from './time-format';

export interface RenderContext {
  readonly commitId: string;
  /** When the code was pushed (the commit's time for the remote watcher). */
  readonly time: Date;
}

export type RenderResult = { readonly ok: true; readonly tags: readonly string[] } | { readonly ok: false; readonly problems: readonly RuleProblem[] };

/**
 * The tags one push produces: groups filled in, then the build time and commit id prefix joined
 * with “-”, as in `release-v1` → `v1-202010151625-d4ef3dc3b7…`.
 */
export function renderTags(spec: RuleSpec, match: RefMatch, ctx: RenderContext): RenderResult {
  const tags: string[] = [];
  const problems: RuleProblem[] = [];
  spec.tags.forEach((t, i) => {
    const parts = [fillTemplate(t.template, match.groups, match.numbered, match.ref)];
    if (t.buildTime) parts.push(formatTime(ctx.time, t.buildTime.format, t.buildTime.timeZone));
    if (t.commitIdLength !== undefined) parts.push(ctx.commitId.slice(0, t.commitIdLength));
    const tag = parts.filter((p) => p !== '').join('-');
    const problem = dockerTagProblem(tag);
    if (problem) problems.push(ruleProblem(`tags[${i}].template`, phrase('rules.problem.renderedTag', { tag, problem })));
    else tags.push(tag);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tags };
}

/** Regex rules and rules stamping build time or a commit id only make sense for a real push. */
export function canBuildManually(spec: RuleSpec): { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly phrase: Phrase } {
  const refuse = (sentence: Phrase) => ({ ok: false as const, reason: inEnglish(sentence), phrase: sentence });
  if (spec.isRegex) return refuse(phrase('rules.manual.regex'));
  if (spec.tags.some((t) => t.buildTime)) return refuse(phrase('rules.manual.buildTime'));
  if (spec.tags.some((t) => t.commitIdLength !== undefined)) return refuse(phrase('rules.manual.commitId'));
  return { ok: true };
}
