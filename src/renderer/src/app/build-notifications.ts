import type { Client } from '../api/client';
import type { Build } from '../../../shared/models/build';

const ended = new Set(['succeeded', 'failed', 'canceled', 'interrupted']);

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
    const note = new Notification(`Build #${build.number} ${build.status}`, { body: `${build.ref.kind} ${build.ref.name} at ${build.commit.slice(0, 7)}`, tag: build.id });
    note.onclick = () => {
      window.focus();
      window.location.hash = `#/builds/${build.id}`;
    };
  });
}
