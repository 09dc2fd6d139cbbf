import { useEffect, useMemo, useReducer, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { displayLocale, type DisplayLocale, type LanguageChoice } from '../../../shared/i18n/locales';
import { intlLocale, type Messages } from '../../../shared/i18n/words';
import { loadedMessages, loadMessages } from './messages';

/** The system's languages in order: Electron sets these from the OS locale, a browser from its settings. */
export function systemLanguages(): readonly string[] {
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

/**
 * A missing translation falls back to English; the catalog test keeps catalogs complete. One
 * function for every render: IntlProvider makes a new formatter whenever a prop changes identity,
 * and every component that words anything re-renders with it. An arrow written inline re-rendered
 * the whole page once right after its first render (the Builds page's 50 rows twice, issue 15).
 */
const ignoreIntlErrors = (): void => undefined;

interface Shown {
  readonly locale: DisplayLocale;
  readonly messages: Messages;
}

/**
 * Words every page in the chosen language. A change of choice (Settings) or of the system's
 * languages re-renders at once; no reload, nothing lost from forms. A language whose catalog is
 * still on its way keeps the page in the language it was in (or, on the very first paint, waits).
 */
export function I18nProvider({ choice, children }: { readonly choice: LanguageChoice; readonly children: ReactNode }) {
  const [system, setSystem] = useState(systemLanguages);
  useEffect(() => {
    const changed = () => setSystem(systemLanguages());
    window.addEventListener('languagechange', changed);
    return () => window.removeEventListener('languagechange', changed);
  }, []);
  const locale = displayLocale(choice, system);
  const ready = loadedMessages(locale);
  const [previous, setPrevious] = useState<Shown | null>(null);
  const [, arrived] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (ready) {
      setPrevious({ locale, messages: ready });
      return;
    }
    let current = true;
    void loadMessages(locale).then(() => current && arrived());
    return () => {
      current = false;
    };
  }, [locale, ready]);
  const shown = useMemo<Shown | null>(() => (ready ? { locale, messages: ready } : previous), [locale, ready, previous]);
  useEffect(() => {
    if (shown) document.documentElement.lang = shown.locale;
  }, [shown]);
  if (!shown) return null;
  return (
    <IntlProvider locale={intlLocale(shown.locale)} messages={shown.messages as Record<string, string>} defaultLocale="en" onError={ignoreIntlErrors}>
      {children}
    </IntlProvider>
  );
}

/** What "Same as the system" currently means, for the language picker's first option. */
export function systemLocale(): ReturnType<typeof displayLocale> {
  return displayLocale('system', systemLanguages());
}
