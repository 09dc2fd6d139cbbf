import { Notification } from 'electron';
import type { Core } from '../core';
import { openWindows, showBuildPage } from './window';

/**
 * A system notification when a build ends, so a long build can run in the background. Clicking
 * it brings the window forward on that build's page.
 */
export function notifyBuildEnds(core: Core): () => void {
  return core.domain.on('build:finished', (build) => {
    if (!Notification.isSupported()) return;
    const verb = build.status === 'succeeded' ? 'succeeded' : build.status === 'canceled' ? 'was canceled' : 'failed';
    const notification = new Notification({
      title: `Build #${build.number} ${verb}`,
      body: `${build.ref.kind} ${build.ref.name} at ${build.commit.slice(0, 7)}${build.tags.length && build.status === 'succeeded' ? ` → ${build.tags.map((t) => t.tag).join(', ')}` : build.error ? ` — ${build.error.message}` : ''}`,
    });
    notification.on('click', () => {
      const [win] = openWindows();
      if (win) showBuildPage(win, build.id);
    });
    notification.show();
  });
}
