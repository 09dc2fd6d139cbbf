import { Menu, app, shell, type MenuItemConstructorOptions } from 'electron';
import { readmeUrl } from '../../shared/desktop/release';
import { applicationMenuLabels } from '../../shared/desktop/shell-text';
import type { Translator } from '../../shared/i18n/translate';

/**
 * The application menu with Electron's standard roles. Without an Edit menu, macOS does not deliver
 * copy, paste and select-all shortcuts to text inputs. Installed again when the language changes;
 * role items are worded by Electron in the system's language.
 */
export function installApplicationMenu(logsDir: string, words: Translator): void {
  const mac = process.platform === 'darwin';
  const label = applicationMenuLabels(words, app.getVersion());
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    // Closing the window keeps Slipway running; Quit is the way to stop it (in the app menu on macOS).
    { label: label.file, submenu: [{ role: 'close', label: label.closeWindow }, ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: label.quit } as const])] },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: label.readme, click: () => void shell.openExternal(readmeUrl) },
        { label: label.openLogs, click: () => void shell.openPath(logsDir) },
        { type: 'separator' },
        { label: label.version, enabled: false },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
