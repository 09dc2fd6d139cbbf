import { createIntl, createIntlCache } from 'react-intl';
import type { DisplayLocale } from '../../src/shared/i18n/locales';
import { intlLocale, messagesFor } from '../../src/shared/i18n/translate';
import { formatsFor, type Formats } from '../../src/renderer/src/i18n/format';

const cache = createIntlCache();

/** The renderer's durations, sizes and dates in one language, as a page in that language shows them. */
export function formatsIn(locale: DisplayLocale): Formats {
  return formatsFor(createIntl({ locale: intlLocale(locale), messages: messagesFor(locale), defaultLocale: 'en', onError: () => undefined }, cache));
}
