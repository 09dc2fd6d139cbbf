import { ApiError } from './client';
import { english } from '../../../shared/i18n/english';
import { phrase, type Phrase, type Text } from '../../../shared/i18n/phrase';

/**
 * What went wrong and what the user can do next: the one shape every banner and form shows. Text is
 * a phrase (worded when shown, so a language change applies to banners already on screen) or a
 * string shown as received (an engine's or registry's own words).
 */
export interface Problem {
  readonly message: Text;
  readonly hint?: Text;
}

/** A phrase this renderer knows the words for; an unknown key (a newer main) falls back to English. */
function known(p: Phrase | undefined): Phrase | undefined {
  return p && Object.hasOwn(english, p.key) ? p : undefined;
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) {
    const message = known(error.phrase) ?? error.message;
    const hint = known(error.hintPhrase) ?? error.hint;
    return hint ? { message, hint } : { message };
  }
  return { message: phrase('common.unknownError'), hint: phrase('common.unknownErrorHint') };
}

/** A record's own problem (a build's error, a test report) shown as a problem, without an empty hint. */
export function problemOf(record: {
  readonly message: string;
  readonly hint?: string | undefined;
  readonly phrase?: Phrase | undefined;
  readonly hintPhrase?: Phrase | undefined;
}): Problem {
  const message = known(record.phrase) ?? record.message;
  const hint = known(record.hintPhrase) ?? record.hint;
  return hint ? { message, hint } : { message };
}

/** A refusal of one field (`errors.invalidField`): which field, and what is wrong with it, to show beside it. */
export function fieldProblem(problem: Problem): { readonly field: string; readonly detail: Text } | undefined {
  const m = problem.message;
  if (typeof m === 'string' || m.key !== 'errors.invalidField') return undefined;
  const field = m.params?.field;
  const detail = m.params?.detail;
  return typeof field === 'string' && detail !== undefined && typeof detail !== 'number' ? { field, detail } : undefined;
}
