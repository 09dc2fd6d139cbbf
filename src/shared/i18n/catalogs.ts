import en from './catalogs/en.json';
import zhCN from './catalogs/zh-CN.json';
import appEn from './parts/app.en.json';
import appZh from './parts/app.zh-CN.json';
import buildsEn from './parts/builds.en.json';
import buildsZh from './parts/builds.zh-CN.json';
import sourcesEn from './parts/sources.en.json';
import sourcesZh from './parts/sources.zh-CN.json';
import registriesEn from './parts/registries.en.json';
import registriesZh from './parts/registries.zh-CN.json';
import rulesEn from './parts/rules.en.json';
import rulesZh from './parts/rules.zh-CN.json';
import type { Locale } from './locales';

/** English is the source catalog: its keys are the type every phrase and `t()` call is checked against. */
export const english = { ...en, ...appEn, ...buildsEn, ...sourcesEn, ...registriesEn, ...rulesEn };
export type MessageKey = keyof typeof english;
export type Catalog = Readonly<Record<MessageKey, string>>;

/**
 * Every language's messages. Other catalogs are checked against English by a test (same keys, same
 * ICU arguments), not by the type: a JSON file's type is its content, and a missing key should fail
 * with the list of what is missing, not one type error per file.
 */
export const catalogs: Readonly<Record<Locale, Catalog>> = {
  en: english,
  'zh-CN': { ...zhCN, ...appZh, ...buildsZh, ...sourcesZh, ...registriesZh, ...rulesZh } as Catalog,
};

