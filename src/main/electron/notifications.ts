import { Notification } from 'electron';
import type { Core } from '../core';
import { buildEndNotice } from '../../shared/desktop/shell-text';
import type { Translator } from '../../shared/i18n/translate';
import { openWindows, showBuildPage } from './window';

/**
 * A system notification when a build ends, so a long build can run in the background. Clicking
 * it brings the window forward on that build's page.
 */
export function notifyBuildEnds(core: Core, words: () => Translator): () => void {
  return core.domain.on('build:finished', (build) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification(buildEndNotice(build, words()));
    notification.on('click', () => {
      const [win] = openWindows();
      if (win) showBuildPage(win, build.id);
    });
    notification.show();
  });
}
