import type { Client } from '../api/client';
import type { Build } from '../../../shared/models/build';
import { translatorFor, type Translator } from '../../../shared/i18n/words';
import { english } from '../../../shared/i18n/english';
import { loadedMessages } from '../i18n/messages';
import { pseudoLocale, supportedLocales, type DisplayLocale } from '../../../shared/i18n/locales';
import { buildEndedPhrase, buildRefPhrase } from '../features/builds/build-words';

const ended = new Set(['succeeded', 'failed', 'canceled', 'interrupted']);

/**
 * The language the page is shown in: I18nProvider writes it on <html lang>, so a notification reads
 * like the page behind it, a Settings change included, without a second copy of that choice here.
 */
function pageTranslator(): Translator {
  const lang = document.documentElement.lang;
  const locale: DisplayLocale = lang === pseudoLocale || (supportedLocales as readonly string[]).includes(lang) ? (lang as DisplayLocale) : 'en';
  // The page shows this language, so its messages are loaded already.
  return translatorFor(locale, loadedMessages(locale) ?? english);
}

/**
 * In a browser (the headless host), a build that ends shows a notification when the user allowed
 * them and the page is not in front. The desktop app notifies from main instead, so this stays off
 * there.
 */
export function notifyBuildEndsInBrowser(client: Client): () => void {
  if (client.transport === 'ipc' || typeof Notification === 'undefined') return () => undefined;
  const running = new Set<string>();
  return client.on('builds:changed', (build: Build) => {
    if (build.status === 'running' || build.status === 'queued') {
      running.add(build.id);
      return;
    }
    if (!ended.has(build.status) || !running.delete(build.id)) return;
    if (Notification.permission !== 'granted' || !document.hidden) return;
    const { word } = pageTranslator();
    const note = new Notification(word(buildEndedPhrase(build)), { body: word(buildRefPhrase(build)), tag: build.id });
    note.onclick = () => {
      window.focus();
      window.location.hash = `#/builds/${build.id}`;
    };
  });
}
