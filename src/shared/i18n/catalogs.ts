import zhCN from './catalogs/zh-CN.json';
import { english, type Catalog } from './english';
import type { Locale } from './locales';

export { english, type Catalog, type MessageKey } from './english';

/**
 * Every language's messages, one JSON file each. Other catalogs are checked against English by a
 * test (same keys, same ICU arguments), not by the type: a JSON file's type is its content, and a
 * missing key should fail with the list of what is missing, not one type error per key.
 */
export const catalogs: Readonly<Record<Locale, Catalog>> = {
  en: english,
  'zh-CN': zhCN as Catalog,
};
