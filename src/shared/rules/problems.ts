import type { Phrase } from '../i18n/phrase';
import { inEnglish } from '../i18n/words';

/** One reason a rule cannot be saved or rendered, tied to the field the user must change. */
export interface RuleProblem {
  /** A path into the rule: 'source', 'tags[1].template', 'buildArgs[3].key'. */
  readonly field: string;
  /** The English wording, for logs, envelopes and the API. */
  readonly message: string;
  /** The same sentence as data, for the editor to word in the reader's language. */
  readonly phrase: Phrase;
}

export function ruleProblem(field: string, sentence: Phrase): RuleProblem {
  return { field, message: inEnglish(sentence), phrase: sentence };
}
