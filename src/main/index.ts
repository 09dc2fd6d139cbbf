/**
 * Electron entry: lifecycle and wiring only. Everything the app does lives in core/, which runs
 * the same way under the headless host; every desktop decision (tray, close, quit, updates, window
 * placement) is a plain-Node module under core/desktop or shared/desktop.
 */
import { app } from 'electron';
import { join } from 'node:path';
import { createCore } from './core';
import { AppLog } from './core/desktop/app-log';
import { DesktopStateFile } from './core/desktop/desktop-state';
import { safePreferences } from './core/desktop';
import { createSafeStorageVault } from './electron/safe-storage-vault';
import { createStorePreferences } from './electron/store-preferences';
import { forwardEvents, registerIpc } from './electron/ipc';
import { hardenSessions, isTrustedSender, openExternalSafely, openInSystemBrowser, openWindows } from './electron/window';
import { notifyBuildEnds } from './electron/notifications';
import { backgroundWindow } from './electron/background-window';
import { startTray } from './electron/app-tray';
import { installApplicationMenu } from './electron/menu';
import { createElectronUpdater } from './electron/updater';
import { applyOpenAtLogin, startedHidden } from './electron/login-item';
import { guardQuit } from './electron/quit';
import { appVersion } from './version';
import { shellWords } from './core/desktop/shell-words';

// A data folder of its own (tests, or a second profile), as SLIPWAY_DATA_DIR gives the headless host one.
if (process.env.SLIPWAY_DATA_DIR) app.setPath('userData', process.env.SLIPWAY_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url);
      return { action: 'deny' };
    });
  });

  // Closing the last window is not quitting: Slipway keeps building from the tray on every system.
  app.on('window-all-closed', () => undefined);

  void app.whenReady().then(() => {
    hardenSessions();
    const dataDir = app.getPath('userData');
    const logsDir = join(dataDir, 'logs');
    const appLog = new AppLog({ dir: logsDir, mirror: (line) => console.error(line) });
    const log = (line: string): void => appLog.write(line);
    log(`Slipway ${appVersion} starting (${process.platform}-${process.arch}, Electron ${process.versions.electron})`);
    let quit: ReturnType<typeof guardQuit> | null = null;
    const preferences = createStorePreferences();
    const core = createCore({
      host: 'electron',
      version: appVersion,
      dataDir,
      vault: createSafeStorageVault(),
      preferences,
      log,
      openExternal: openInSystemBrowser,
      // An unpacked app has no app-update.yml and nothing to install over: it updates with git, like the headless host.
      ...(app.isPackaged ? { updater: createElectronUpdater({ log, beforeInstall: () => quit?.approve() }) } : {}),
    });
    // The shell speaks the language preference; 'system' is Electron's view of the system's languages.
    const words = shellWords(
      () => safePreferences(() => preferences.get()).language,
      () => [...app.getPreferredSystemLanguages(), app.getLocale()],
    );
    quit = guardQuit({ activity: core.desktop.activity, builds: core.builds, log, words });
    registerIpc(core, isTrustedSender);
    forwardEvents(core, () => openWindows().map((w) => w.webContents));
    notifyBuildEnds(core, words);
    installApplicationMenu(logsDir, words());

    const window = backgroundWindow(new DesktopStateFile(dataDir), () => quit?.quitting() ?? false, words);
    const stopTray = startTray(core, preferences, app.isPackaged ? join(process.resourcesPath, 'icons') : join(app.getAppPath(), 'build', 'icons', 'tray'), () => window.show(), words, log);
    let menuLocale = words().locale;
    core.bus.subscribe((message) => {
      if (message.event !== 'settings:changed') return;
      applyOpenAtLogin(message.payload.openAtLogin, log);
      // The menu is rebuilt only when its language actually changed (the tray redraws on every change).
      if (words().locale !== menuLocale) {
        menuLocale = words().locale;
        installApplicationMenu(logsDir, words());
      }
    });
    applyOpenAtLogin(safePreferences(() => preferences.get()).openAtLogin, log);

    app.on('second-instance', () => void window.show());
    app.on('activate', () => void window.show());
    if (startedHidden()) window.startHidden();
    else window.show();
    app.on('will-quit', () => {
      log('Slipway quitting');
      stopTray();
      core.close();
    });
  });
}
