/**
 * The languages Slipway speaks. Adding one is a catalog file in ./catalogs and its line in
 * catalogs.ts; a test fails while a catalog file is not registered or its keys differ from English.
 */
export const supportedLocales = ['en', 'zh-CN'] as const;
export type Locale = (typeof supportedLocales)[number];

/**
 * A layout check, never offered in Settings' list: English stretched by about 40 % with accented
 * letters, so text that is cut off or overflows shows up before a real translation does.
 */
export const pseudoLocale = 'en-XA';
export type DisplayLocale = Locale | typeof pseudoLocale;

/** What the user chose in Settings: follow the system, or one language. */
export const languageChoices = ['system', ...supportedLocales] as const;
export type LanguageChoice = (typeof languageChoices)[number] | typeof pseudoLocale;

/** Each language named in itself, so a user who cannot read the current one still finds theirs. */
export const localeNames: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

/**
 * The first supported language in the system's order of preference. Any Chinese tag maps to
 * Simplified Chinese (the only Chinese catalog), any English one to English; unknown ones fall
 * through to the next preference, then English.
 */
export function resolveLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.trim().toLowerCase().replace(/_/g, '-');
    const language = lower.split('-')[0];
    if (language === 'zh') return 'zh-CN';
    if (language === 'en') return 'en';
  }
  return 'en';
}

/** The locale a choice means on this system. */
export function displayLocale(choice: LanguageChoice, systemPreferred: readonly string[]): DisplayLocale {
  if (choice === 'system') return resolveLocale(systemPreferred);
  return choice;
}

/** An Accept-Language header's tags in the order the browser prefers them (q-values honoured). */
export function acceptLanguageTags(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}
