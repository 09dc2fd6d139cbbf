import electronUpdater from 'electron-updater';
import type { UpdaterEvent, UpdaterPort } from '../core/desktop';
import { releaseRepository } from '../../shared/desktop/release';

/**
 * electron-updater behind the core's UpdaterPort: it only reports and acts, the core's update
 * policy decides (which versions, when to download, when a restart is allowed).
 */
export function createElectronUpdater(deps: { log: (line: string) => void; beforeInstall: () => void }): UpdaterPort {
  const updater = electronUpdater.autoUpdater;
  updater.logger = {
    info: (m: unknown) => deps.log(`updater: ${String(m)}`),
    warn: (m: unknown) => deps.log(`updater warning: ${String(m)}`),
    error: (m: unknown) => deps.log(`updater error: ${String(m)}`),
  };
  const listeners = new Set<(event: UpdaterEvent) => void>();
  const emit = (event: UpdaterEvent): void => {
    for (const listener of listeners) listener(event);
  };
  updater.on('checking-for-update', () => emit({ kind: 'checking' }));
  updater.on('update-available', (info) => emit({ kind: 'available', version: info.version }));
  updater.on('update-not-available', () => emit({ kind: 'not-available' }));
  updater.on('download-progress', (progress) => emit({ kind: 'progress', percent: progress.percent }));
  updater.on('update-downloaded', (info) => emit({ kind: 'downloaded', version: info.version }));
  updater.on('error', (error) => emit({ kind: 'error', message: error.message }));
  return {
    configure(options, feed) {
      updater.autoDownload = options.autoDownload;
      updater.autoInstallOnAppQuit = options.autoInstallOnAppQuit;
      updater.allowPrerelease = options.allowPrerelease;
      // Setting a channel turns allowDowngrade on (electron-updater's rule); the policy never downgrades.
      updater.channel = options.channel;
      updater.allowDowngrade = options.allowDowngrade;
      updater.setFeedURL(feed.provider === 'github' ? { provider: 'github', ...releaseRepository } : { provider: 'generic', url: feed.url, channel: options.channel });
    },
    async check() {
      await updater.checkForUpdates();
    },
    async download() {
      await updater.downloadUpdate();
    },
    quitAndInstall() {
      deps.beforeInstall();
      updater.quitAndInstall(false, true);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
