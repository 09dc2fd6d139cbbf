import { Menu, app, shell, type MenuItemConstructorOptions } from 'electron';
import { readmeUrl } from '../../shared/desktop/release';

/**
 * The application menu with Electron's standard roles. Without an Edit menu, macOS does not deliver
 * copy, paste and select-all shortcuts to text inputs.
 */
export function installApplicationMenu(logsDir: string): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    // Closing the window keeps Slipway running; Quit is the way to stop it (in the app menu on macOS).
    { label: 'File', submenu: [{ role: 'close', label: 'Close Window' }, ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Quit Slipway' } as const])] },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Slipway README', click: () => void shell.openExternal(readmeUrl) },
        { label: 'Open Logs Folder', click: () => void shell.openPath(logsDir) },
        { type: 'separator' },
        { label: `Version ${app.getVersion()}`, enabled: false },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
