/**
 * Electron entry: lifecycle and wiring only. Everything the app does lives in core/, which runs
 * the same way under the headless host.
 */
import { app, BrowserWindow } from 'electron';
import { createCore } from './core';
import { createSafeStorageVault } from './electron/safe-storage-vault';
import { createStorePreferences } from './electron/store-preferences';
import { forwardEvents, registerIpc } from './electron/ipc';
import { createMainWindow, hardenSessions, isTrustedSender, openExternalSafely, openInSystemBrowser, openWindows } from './electron/window';
import { appVersion } from './version';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = openWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url);
      return { action: 'deny' };
    });
  });

  void app.whenReady().then(() => {
    hardenSessions();
    const core = createCore({
      host: 'electron',
      version: appVersion,
      dataDir: app.getPath('userData'),
      vault: createSafeStorageVault(),
      preferences: createStorePreferences(),
      log: (line) => console.error(line),
      openExternal: openInSystemBrowser,
    });
    registerIpc(core, isTrustedSender);
    forwardEvents(core, () => openWindows().map((w) => w.webContents));
    createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
    app.on('will-quit', () => core.close());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
