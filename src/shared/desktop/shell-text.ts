import type { Phrase } from '../i18n/phrase';
import type { Translator } from '../i18n/words';
import type { BuildStatus, GitRef } from '../models/build';

/** Words for the Electron shell's own surfaces (menu, notifications), kept here so they are tested in plain Node. */
export type ShellWords = Pick<Translator, 't' | 'word'>;

/** The non-role items of the application menu; role items (Edit, View, Window…) Electron words itself. */
export function applicationMenuLabels({ t }: ShellWords, version: string) {
  return {
    file: t('desktop.menu.file'),
    closeWindow: t('desktop.menu.closeWindow'),
    quit: t('desktop.tray.quit'),
    readme: t('desktop.menu.readme'),
    openLogs: t('desktop.menu.openLogs'),
    version: t('desktop.menu.version', { version }),
  } as const;
}

export interface EndedBuild {
  readonly number: number;
  readonly status: BuildStatus;
  readonly ref: GitRef;
  readonly commit: string;
  readonly tags: readonly { readonly tag: string }[];
  readonly error: { readonly message: string; readonly phrase?: Phrase | undefined } | null;
}

/** The system notification for a build that ended: what happened, to which ref, and its tags or its error. */
export function buildEndNotice(build: EndedBuild, { t, word }: ShellWords): { readonly title: string; readonly body: string } {
  const outcome = build.status === 'succeeded' ? 'succeeded' : build.status === 'canceled' ? 'canceled' : 'failed';
  const detail =
    build.tags.length && build.status === 'succeeded' ? 'tags' : build.error ? 'error' : 'none';
  return {
    title: t('desktop.notice.title', { number: build.number, outcome }),
    body: t('desktop.notice.body', {
      kind: build.ref.kind,
      name: build.ref.name,
      commit: build.commit.slice(0, 7),
      detail,
      tags: build.tags.map((x) => x.tag).join(', '),
      // An error is Slipway's phrase when it has one, otherwise the engine's words as received.
      error: build.error ? word(build.error.phrase ?? build.error.message) : '',
    }),
  };
}
