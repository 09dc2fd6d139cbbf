import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { displayLocale, type LanguageChoice } from '../../../shared/i18n/locales';
import { intlLocale, messagesFor } from '../../../shared/i18n/translate';

/** The system's languages in order: Electron sets these from the OS locale, a browser from its settings. */
function systemLanguages(): readonly string[] {
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

/**
 * Words every page in the chosen language. A change of choice (Settings) or of the system's
 * languages re-renders at once; no reload, nothing lost from forms.
 */
export function I18nProvider({ choice, children }: { readonly choice: LanguageChoice; readonly children: ReactNode }) {
  const [system, setSystem] = useState(systemLanguages);
  useEffect(() => {
    const changed = () => setSystem(systemLanguages());
    window.addEventListener('languagechange', changed);
    return () => window.removeEventListener('languagechange', changed);
  }, []);
  const locale = displayLocale(choice, system);
  const messages = useMemo(() => messagesFor(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <IntlProvider locale={intlLocale(locale)} messages={messages} defaultLocale="en" onError={() => undefined}>
      {children}
    </IntlProvider>
  );
}

/** What "Same as the system" currently means, for the language picker's first option. */
export function systemLocale(): ReturnType<typeof displayLocale> {
  return displayLocale('system', systemLanguages());
}
