import type { Translator } from '../i18n/words';

/**
 * Closing the window never stops Slipway: pushes keep being built from the tray, on every system.
 * The first time, the user is told once where Slipway went.
 */
export type CloseAction = { readonly kind: 'close' } | { readonly kind: 'hide'; readonly notice: boolean };

export function windowCloseAction(state: { readonly quitting: boolean; readonly noticeShown: boolean }): CloseAction {
  if (state.quitting) return { kind: 'close' };
  return { kind: 'hide', notice: !state.noticeShown };
}

/** The one-time notice that the window closed but Slipway did not, in the shell's language. */
export function backgroundNotice({ t }: Pick<Translator, 't'>): { readonly title: string; readonly body: string } {
  return { title: t('desktop.background.title'), body: t('desktop.background.body') };
}
