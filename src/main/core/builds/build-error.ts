import { inEnglish } from '../../../shared/i18n/translate';
import type { Phrase } from '../../../shared/i18n/phrase';
import type { BuildError } from '../../../shared/models/build';

/**
 * A build's end as it is stored with the build: English for the API and the log, and the phrases,
 * kept in the same JSON column (no migration), so the page words it in the reader's language later.
 */
export function storedError(code: string, message: Phrase, hint?: Phrase): BuildError {
  return { code, message: inEnglish(message), phrase: message, ...(hint ? { hint: inEnglish(hint), hintPhrase: hint } : {}) };
}
