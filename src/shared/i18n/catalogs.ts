import en from './catalogs/en.json';
import zhCN from './catalogs/zh-CN.json';
import type { Locale } from './locales';

/** English is the source catalog: its keys are the type every phrase and `t()` call is checked against. */
export const english = en;
export type MessageKey = keyof typeof english;
export type Catalog = Readonly<Record<MessageKey, string>>;

/**
 * Every language's messages, one JSON file each. Other catalogs are checked against English by a
 * test (same keys, same ICU arguments), not by the type: a JSON file's type is its content, and a
 * missing key should fail with the list of what is missing, not one type error per key.
 */
export const catalogs: Readonly<Record<Locale, Catalog>> = {
  en: english,
  'zh-CN': zhCN as Catalog,
};
