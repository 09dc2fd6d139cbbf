import type { RuleProblem } from '../../../../shared/rules';
import type { Words } from '../../i18n/use-t';

/** The problems of one field of a rule, worded; several are shown as one paragraph. */
export function problemFor(problems: readonly RuleProblem[], field: string, word: Words['word']): string | undefined {
  return problems.filter((p) => p.field === field).map((p) => word(p.phrase)).join(' ') || undefined;
}
