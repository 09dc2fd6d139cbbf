import type { ReactNode } from 'react';
import { useContractQuery } from '../api/hooks';
import { I18nProvider } from '../i18n/I18nProvider';
import { supportedLocales, type LanguageChoice, type Locale } from '../../../shared/i18n/locales';

/**
 * The language of the frame index.html painted, when there is one: the desktop window loads the
 * page in the language preference, so the app's first render speaks it too, instead of the
 * system's for the moment until the preferences arrive (the frame, then English, then Chinese).
 */
export function frameLanguage(doc: Document): Locale | undefined {
  if (!doc.querySelector('[data-boot]')) return undefined;
  return supportedLocales.find((locale) => locale === doc.documentElement.lang);
}

/** The language the user chose in Settings (until the preferences arrive, the frame's or the system's). */
export function Localized({ initial = 'system', children }: { readonly initial?: LanguageChoice; readonly children: ReactNode }) {
  const choice = useContractQuery('settings:get', {}).data?.language ?? initial;
  return <I18nProvider choice={choice}>{children}</I18nProvider>;
}
