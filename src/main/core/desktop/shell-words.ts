import { displayLocale, type DisplayLocale, type LanguageChoice } from '../../../shared/i18n/locales';
import { createTranslator, type Translator } from '../../../shared/i18n/translate';

/**
 * The language the desktop shell (tray, menu, dialogs, notifications) speaks: the `language`
 * preference, or the system's languages for 'system'. Read on every use, so a change in Settings
 * applies the next time the shell draws; one translator per language is kept.
 */
export function shellWords(language: () => LanguageChoice, systemLanguages: () => readonly string[]): () => Translator {
  const made = new Map<DisplayLocale, Translator>();
  return () => {
    const locale = displayLocale(language(), systemLanguages());
    let words = made.get(locale);
    if (!words) {
      words = createTranslator(locale);
      made.set(locale, words);
    }
    return words;
  };
}
