import { phrase, type Phrase } from '../i18n/phrase';
import { inEnglish } from '../i18n/words';
import type { RuleSpec } from '../models/rule';
import { exampleRefName } from './example-ref';
import { compilePattern, type RefName } from './pattern';
import { renderTags } from './render';
import { validateRule } from './validate';

/** A commit id that is plainly an example, used wherever a preview has no real push to show. */
export const exampleCommitId = '0123456789abcdef0123456789abcdef01234567';

export interface PreviewOptions {
  /** A branch or tag name the user typed to try; when empty, one is made up from the pattern. */
  readonly exampleName?: string;
  readonly time: Date;
  readonly commitId: string;
}

/**
 * One image tag of the rule as a push of the example ref would write it, or why it cannot: a
 * problem the form already shows under a field (`field` names it), or one only rendering finds.
 */
export type TagPreview =
  | { readonly index: number; readonly tag: string; readonly problem?: undefined; readonly field?: undefined }
  | { readonly index: number; readonly tag?: undefined; readonly problem: Phrase; readonly field?: string };

/** Why no tags can be shown yet: the pattern is missing or wrong, no example, or it does not match. */
export interface PreviewBlock {
  readonly kind: 'source' | 'example' | 'mismatch';
  /** English, for tests and logs; `phrase` is what a reader sees. */
  readonly message: string;
  readonly phrase: Phrase;
}

function block(kind: PreviewBlock['kind'], sentence: Phrase): PreviewBlock {
  return { kind, message: inEnglish(sentence), phrase: sentence };
}

export interface RulePreview {
  /** The ref the tags are shown for, null when there is none to show them for. */
  readonly ref: RefName | null;
  /** True when the ref was made up from the pattern rather than typed by the user. */
  readonly refGuessed: boolean;
  readonly blocked?: PreviewBlock;
  readonly tags: readonly TagPreview[];
  /** Whether any tag takes the build time or the commit id, which the preview can only invent. */
  readonly usesTime: boolean;
  readonly usesCommit: boolean;
}

/**
 * The tags a rule would produce, tag by tag, as the rule form is typed: each tag shows either its
 * rendered value for an example ref or the first problem that keeps it from being one. Uses the
 * same validation, matching and rendering main applies to a real push.
 */
export function previewRule(spec: RuleSpec, options: PreviewOptions): RulePreview {
  const usesTime = spec.tags.some((t) => t.buildTime !== undefined);
  const usesCommit = spec.tags.some((t) => t.commitIdLength !== undefined);
  const base = { usesTime, usesCommit, tags: [] as TagPreview[] };
  const problems = validateRule(spec);
  const sourceProblem = problems.find((p) => p.field === 'source');
  if (sourceProblem) return { ...base, ref: null, refGuessed: false, blocked: block('source', sourceProblem.phrase) };

  const typed = options.exampleName?.trim() ?? '';
  const name = typed !== '' ? typed : exampleRefName(spec);
  if (name === null) return { ...base, ref: null, refGuessed: false, blocked: block('example', phrase('rules.preview.needExample', { what: spec.type })) };
  const ref: RefName = { type: spec.type, name };
  const refGuessed = typed === '';
  const compiled = compilePattern(spec);
  const match = compiled.ok ? compiled.test(ref) : null;
  if (!match) return { ...base, ref, refGuessed, blocked: block('mismatch', phrase('rules.preview.mismatch', { what: spec.type, name })) };

  const tags = spec.tags.map((tag, index): TagPreview => {
    const own = problems.find((p) => p.field.startsWith(`tags[${index}]`));
    if (own) return { index, problem: own.phrase, field: own.field };
    const rendered = renderTags({ ...spec, tags: [tag] }, match, { commitId: options.commitId, time: options.time });
    return rendered.ok ? { index, tag: rendered.tags[0] ?? '' } : { index, problem: rendered.problems[0]?.phrase ?? phrase('rules.preview.cannotRender') };
  });
  return { ...base, ref, refGuessed, tags };
}
