import { app } from 'electron';
import { autostartDir, setLinuxAutostart, startHiddenFlag } from '../core/desktop/autostart';

/**
 * "Open at login": a login item on macOS and Windows, an XDG autostart entry on Linux. Either way
 * Slipway starts with --hidden and goes straight to the tray.
 */
export function applyOpenAtLogin(enabled: boolean, log: (line: string) => void): void {
  try {
    if (process.platform === 'linux') {
      // An AppImage runs from a temporary mount: the entry must start the AppImage file itself.
      const exec = process.env.APPIMAGE ?? process.execPath;
      const args = app.isPackaged ? [startHiddenFlag] : [app.getAppPath(), startHiddenFlag];
      setLinuxAutostart(enabled, autostartDir(process.env, app.getPath('home')), { exec, args });
      return;
    }
    // Windows passes args to the login start; macOS does not, and says wasOpenedAtLogin instead.
    app.setLoginItemSettings({ openAtLogin: enabled, args: [startHiddenFlag] });
  } catch (error) {
    log(`open at login: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function startedHidden(): boolean {
  if (process.argv.includes(startHiddenFlag)) return true;
  return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
