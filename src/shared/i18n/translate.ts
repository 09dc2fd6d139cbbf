import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { catalogs, english, type MessageKey } from './catalogs';
import { pseudoLocale, type DisplayLocale } from './locales';
import { pseudoMessages } from './pseudo';
import { isPhrase, type Phrase, type PhraseValue, type Text } from './phrase';

export type Params = Readonly<Record<string, PhraseValue>>;

/** Words catalog keys and phrases in one language; what the tray, the menu and the landing page use. */
export interface Translator {
  readonly locale: DisplayLocale;
  readonly intl: IntlShape<string>;
  t(key: MessageKey, params?: Params): string;
  word(text: Text): string;
}

const cache = createIntlCache();
let pseudo: Record<string, MessageFormatElement[]> | undefined;

/** The messages handed to FormatJS for a locale: the pseudo-locale's are made once, from English. */
export function messagesFor(locale: DisplayLocale): Record<string, string> | Record<string, MessageFormatElement[]> {
  if (locale === pseudoLocale) return (pseudo ??= pseudoMessages(english));
  return catalogs[locale];
}

/** The Intl locale behind a display locale: the pseudo-locale formats dates and numbers as English. */
export function intlLocale(locale: DisplayLocale): string {
  return locale === pseudoLocale ? 'en' : locale;
}

/** Phrases nested in arguments are worded first, in the same language. */
export function wordParams(params: Params | undefined, word: (text: Text) => string): Record<string, string | number> | undefined {
  if (!params) return undefined;
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) out[name] = isPhrase(value) ? word(value) : value;
  return out;
}

/** What wording needs of a FormatJS object: react-intl's (renderer) and @formatjs/intl's (main) both fit. */
export interface MessageFormatter {
  formatMessage(descriptor: { id: string; defaultMessage: string }, values?: Record<string, string | number>): string;
}

/**
 * `t` and `word` over a formatter: a key falls back to its English message where a catalog lacks
 * it, and phrases nested in arguments are worded in the same language first.
 */
export function wordsOf(intl: MessageFormatter): Pick<Translator, 't' | 'word'> {
  const t = (key: MessageKey, params?: Params): string => intl.formatMessage({ id: key, defaultMessage: english[key] }, wordParams(params, word));
  const word = (text: Text): string => (isPhrase(text) ? t(text.key, text.params) : text);
  return { t, word };
}

export function createTranslator(locale: DisplayLocale): Translator {
  const intl = createIntl<string>(
    {
      locale: intlLocale(locale),
      messages: messagesFor(locale),
      defaultLocale: 'en',
      // A missing translation falls back to English (defaultMessage below); the catalog test is
      // what keeps catalogs complete, not a console full of warnings.
      onError: () => undefined,
    },
    cache,
  );
  return { locale, intl, ...wordsOf(intl) };
}

let englishTranslator: Translator | undefined;
/** The English translator, made once: the default words of plain-Node code (tray model, logs). */
export function englishWords(): Translator {
  return (englishTranslator ??= createTranslator('en'));
}

/** English wording of a phrase: what core writes in logs, envelopes' `message` and the API. */
export function inEnglish(text: Text): string {
  return englishWords().word(text);
}

export type { Phrase };
