import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { catalogs, english } from './catalogs';
import { pseudoLocale, type DisplayLocale } from './locales';
import { pseudoMessages } from './pseudo';
import { translatorFor, type Translator } from './words';

export { englishWords, inEnglish, intlLocale, wordParams, wordsOf, translatorFor, type MessageFormatter, type Params, type Phrase, type Translator } from './words';

let pseudo: Record<string, MessageFormatElement[]> | undefined;

/** The messages handed to FormatJS for a locale: the pseudo-locale's are made once, from English. */
export function messagesFor(locale: DisplayLocale): Record<string, string> | Record<string, MessageFormatElement[]> {
  if (locale === pseudoLocale) return (pseudo ??= pseudoMessages(english));
  return catalogs[locale];
}

/** A translator for any language, every catalog at hand: main (tray, menus, notifications) and tests. */
export function createTranslator(locale: DisplayLocale): Translator {
  return translatorFor(locale, messagesFor(locale));
}
