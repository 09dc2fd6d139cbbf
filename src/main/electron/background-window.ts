import { Notification, screen, type BrowserWindow } from 'electron';
import type { DesktopStateFile } from '../core/desktop/desktop-state';
import type { Translator } from '../../shared/i18n/translate';
import { backgroundNotice, windowCloseAction } from '../../shared/desktop/close-policy';
import { placeWindow } from '../../shared/desktop/window-bounds';
import { bringForward, createMainWindow, openWindows, windowSize, type WindowPlacement } from './window';

/**
 * The one main window of a long-running app: placed where it was (on a display that still
 * exists), hidden rather than closed so Slipway keeps building, and told once that it does.
 */
export function backgroundWindow(state: DesktopStateFile, quitting: () => boolean, words: () => Translator): { show(): BrowserWindow; startHidden(): void } {
  const placement = (): WindowPlacement => {
    const saved = state.read();
    const areas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
    return { bounds: placeWindow(saved.bounds, areas, windowSize.defaults, windowSize.minimum), maximized: saved.maximized };
  };
  const create = (show: boolean): BrowserWindow => {
    const win = createMainWindow(placement(), { show, locale: words().locale });
    win.on('close', (event) => {
      state.update({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
      const action = windowCloseAction({ quitting: quitting(), noticeShown: state.read().backgroundNoticeShown });
      if (action.kind === 'close') return;
      event.preventDefault();
      win.hide();
      if (action.notice) {
        if (Notification.isSupported()) new Notification(backgroundNotice(words())).show();
        state.update({ backgroundNoticeShown: true });
      }
    });
    return win;
  };
  return {
    show() {
      const [existing] = openWindows();
      if (existing) {
        bringForward(existing);
        return existing;
      }
      return create(true);
    },
    startHidden() {
      if (openWindows().length === 0) create(false);
    },
  };
}
