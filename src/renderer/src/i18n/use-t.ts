import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { wordsOf, type Translator } from '../../../shared/i18n/words';

/** `t(key, params)`: a catalog message; `word(text)`: a phrase worded, or a string shown as received. */
export type Words = Pick<Translator, 't' | 'word'>;

/** The current language's words. Components re-render when the language changes, so text follows at once. */
export function useT(): Words {
  const intl = useIntl();
  return useMemo(() => wordsOf(intl), [intl]);
}
