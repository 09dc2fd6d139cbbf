import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { english, type Catalog, type MessageKey } from './english';
import { pseudoLocale, type DisplayLocale } from './locales';
import { isPhrase, type Phrase, type PhraseValue, type Text } from './phrase';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/**
 * Wording over messages already in hand: needs English only, so the renderer's first chunk and
 * plain-Node code that words in English do not carry every other catalog (translate.ts has those).
 */

export type Params = Readonly<Record<string, PhraseValue>>;
export type Messages = Catalog | Record<string, string> | Record<string, MessageFormatElement[]>;

/** Words catalog keys and phrases in one language; what the tray, the menu and the landing page use. */
export interface Translator {
  readonly locale: DisplayLocale;
  readonly intl: IntlShape<string>;
  t(key: MessageKey, params?: Params): string;
  word(text: Text): string;
}

const cache = createIntlCache();

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
  /** The catalog it words from: its messages of text and plain arguments are worded without FormatJS. */
  readonly messages?: Messages;
  formatMessage(descriptor: { id: string; defaultMessage: string }, values?: Record<string, string | number>): string;
}

/**
 * `t` and `word` over a formatter: a key falls back to its English message where a catalog lacks
 * it, and phrases nested in arguments are worded in the same language first.
 */
export function wordsOf(intl: MessageFormatter): Pick<Translator, 't' | 'word'> {
  const catalog = intl.messages as Readonly<Record<string, string | MessageFormatElement[] | undefined>> | undefined;
  const t = (key: MessageKey, params?: Params): string => {
    const values = wordParams(params, word);
    // Without its catalog, only the formatter knows which message it words.
    const plain = catalog ? plainWording(catalog[key] || english[key], values) : undefined;
    return plain ?? intl.formatMessage({ id: key, defaultMessage: english[key] }, values);
  };
  const word = (text: Text): string => (isPhrase(text) ? t(text.key, text.params) : text);
  return { t, word };
}

export function translatorFor(locale: DisplayLocale, messages: Messages): Translator {
  const intl = createIntl<string>(
    {
      locale: intlLocale(locale),
      messages: messages as Record<string, string>,
      defaultLocale: 'en',
      // A missing translation falls back to English (defaultMessage below); the catalog test is
      // what keeps catalogs complete, not a console full of warnings.
      onError: () => undefined,
    },
    cache,
  );
  return { locale, intl, ...wordsOf(intl) };
}

/** A message's text and plain arguments, or null when it has more (plurals, selects, numbers, dates, tags). */
type PlainParts = readonly (string | { readonly argument: string })[] | null;
const plainTexts = new Map<string, PlainParts>();
const plainTrees = new WeakMap<readonly MessageFormatElement[], PlainParts>();

function plainParts(elements: readonly MessageFormatElement[]): PlainParts {
  const found: (string | { readonly argument: string })[] = [];
  for (const e of elements) {
    if (e.type === TYPE.literal) found.push(e.value);
    else if (e.type === TYPE.argument) found.push({ argument: e.value });
    else return null;
  }
  return found;
}

function plainPartsOf(message: string | readonly MessageFormatElement[]): PlainParts {
  if (typeof message !== 'string') {
    let parts = plainTrees.get(message);
    if (parts === undefined) plainTrees.set(message, (parts = plainParts(message)));
    return parts;
  }
  let parts = plainTexts.get(message);
  if (parts === undefined) {
    try {
      parts = plainParts(parse(message));
    } catch {
      // A message FormatJS cannot parse either: it reports it and words the fallback.
      parts = null;
    }
    plainTexts.set(message, parts);
  }
  return parts;
}

/**
 * A message of text and plain arguments (most of the catalog, in every language), worded without
 * FormatJS: in the window, FormatJS's per-message formatter lookup was a third of the Builds page's
 * first render (50 rows); in plain Node, its first use starts ICU, ~20 ms of the host's first calls
 * (issue 15). A plain argument is worded as FormatJS words it, `String(value)`. Undefined for any
 * other message, or a value missing, which FormatJS then words (or reports) as before.
 */
function plainWording(message: string | readonly MessageFormatElement[], values: Record<string, string | number> | undefined): string | undefined {
  const parts = plainPartsOf(message);
  if (!parts) return undefined;
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else {
      const value = values?.[part.argument];
      if (value === undefined) return undefined;
      out += String(value);
    }
  }
  return out;
}

let englishTranslator: Translator | undefined;
/** The English translator, made once: the default words of plain-Node code (tray model, logs). */
export function englishWords(): Translator {
  if (englishTranslator) return englishTranslator;
  let full: Translator | undefined;
  const formatjs = (): Translator => (full ??= translatorFor('en', english));
  const formatter: MessageFormatter = {
    messages: english,
    formatMessage: (descriptor, values) => formatjs().intl.formatMessage(descriptor, values),
  };
  englishTranslator = {
    locale: 'en',
    get intl() {
      return formatjs().intl;
    },
    ...wordsOf(formatter),
  };
  return englishTranslator;
}

/** English wording of a phrase: what core writes in logs, envelopes' `message` and the API. */
export function inEnglish(text: Text): string {
  return englishWords().word(text);
}

export type { Phrase };
