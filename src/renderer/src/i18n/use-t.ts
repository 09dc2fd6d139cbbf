import { useCallback, useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { MessageKey } from '../../../shared/i18n/catalogs';
import { isPhrase, type Text } from '../../../shared/i18n/phrase';
import { english } from '../../../shared/i18n/catalogs';
import { wordParams, type Params } from '../../../shared/i18n/translate';

export interface Words {
  /** A catalog message in the current language; keys are checked against the English catalog. */
  t(key: MessageKey, params?: Params): string;
  /** A phrase worded in the current language, or a string shown as received. */
  word(text: Text): string;
}

/** The current language's words. Components re-render when the language changes, so text follows at once. */
export function useT(): Words {
  const intl = useIntl();
  const t = useCallback(
    (key: MessageKey, params?: Params): string => intl.formatMessage({ id: key, defaultMessage: english[key] }, wordParams(params, (text) => word(text))),
    [intl],
  );
  const word = useCallback((text: Text): string => (isPhrase(text) ? t(text.key, text.params) : text), [t]);
  return useMemo(() => ({ t, word }), [t, word]);
}
