import { english } from '../../../shared/i18n/english';
import { pseudoLocale, type DisplayLocale } from '../../../shared/i18n/locales';
import type { Messages } from '../../../shared/i18n/words';

/**
 * Each language's messages as its own chunk, read when that language is shown (issue 15): the
 * first paint carries English (every key's fallback) and nothing else. Typed over every display
 * locale, so a new language does not compile until it can be loaded here.
 */
const loaders: Readonly<Record<Exclude<DisplayLocale, 'en'>, () => Promise<Messages>>> = {
  'zh-CN': () => import('../../../shared/i18n/catalogs/zh-CN.json').then((m) => m.default),
  [pseudoLocale]: () => import('../../../shared/i18n/pseudo').then((m) => m.pseudoMessages(english)),
};

const loaded = new Map<DisplayLocale, Messages>([['en', english]]);

/** The locale's messages if they are here already. */
export function loadedMessages(locale: DisplayLocale): Messages | undefined {
  return loaded.get(locale);
}

/** The locale's messages, fetched once; English words stand in if the chunk cannot be read. */
export async function loadMessages(locale: DisplayLocale): Promise<Messages> {
  const ready = loaded.get(locale);
  if (ready) return ready;
  const messages = await (locale === 'en' ? Promise.resolve(english) : loaders[locale]()).catch(() => english);
  loaded.set(locale, messages);
  return messages;
}
