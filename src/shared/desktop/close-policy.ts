/**
 * Closing the window never stops Slipway: pushes keep being built from the tray, on every system.
 * The first time, the user is told once where Slipway went.
 */
export type CloseAction = { readonly kind: 'close' } | { readonly kind: 'hide'; readonly notice: boolean };

export function windowCloseAction(state: { readonly quitting: boolean; readonly noticeShown: boolean }): CloseAction {
  if (state.quitting) return { kind: 'close' };
  return { kind: 'hide', notice: !state.noticeShown };
}

export const backgroundNotice = {
  title: 'Slipway keeps building in the background',
  body: 'Pushes are still turned into images while the window is closed. Open Slipway or quit it from its icon in the tray (the menu bar on macOS).',
} as const;
