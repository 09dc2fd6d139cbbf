import type { Locale } from './i18n/locales';

/**
 * The renderer's page in one language: the build writes the window's first frame into it
 * (scripts/boot-shell.tsx). English is index.html itself; the host and the desktop window pick.
 */
export function indexFileFor(locale: Locale): string {
  return locale === 'en' ? 'index.html' : `index.${locale}.html`;
}
