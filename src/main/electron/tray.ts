import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { join } from 'node:path';
import { trayModel, type TrayIcon, type TrayInput, type TrayItem, type TrayWords } from '../../shared/desktop/tray-model';

export interface TrayActions {
  openBuild(buildId: string): void;
  open(): void;
  setPaused(paused: boolean): void;
  restartToUpdate(): void;
  quit(): void;
}

/** The tray (menu bar on macOS): draws the pure tray model; every decision is in trayModel(). */
export function createTray(iconDir: string, read: () => TrayInput, words: () => TrayWords, actions: TrayActions, log: (line: string) => void): { refresh(): void; destroy(): void } {
  const images = new Map<TrayIcon, NativeImage>();
  const image = (icon: TrayIcon): NativeImage => {
    let found = images.get(icon);
    if (!found) {
      found = nativeImage.createFromPath(join(iconDir, `tray-${icon}.png`));
      if (found.isEmpty()) log(`tray: no icon at ${join(iconDir, `tray-${icon}.png`)} (run npm run icons)`);
      images.set(icon, found);
    }
    return found;
  };
  const tray = new Tray(image('idle'));
  let shown: TrayIcon = 'idle';
  const entry = (item: TrayItem): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'note':
        return { label: item.label, enabled: false };
      case 'build':
        return { label: item.label, click: () => actions.openBuild(item.buildId) };
      case 'open':
        return { label: item.label, click: () => actions.open() };
      case 'pause':
        return { label: item.label, click: () => actions.setPaused(true) };
      case 'resume':
        return { label: item.label, click: () => actions.setPaused(false) };
      case 'restartToUpdate':
        return { label: item.label, click: () => actions.restartToUpdate() };
      case 'quit':
        return { label: item.label, click: () => actions.quit() };
    }
  };
  const refresh = (): string => {
    const model = trayModel(read(), words());
    if (model.icon !== shown) {
      tray.setImage(image(model.icon));
      shown = model.icon;
    }
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(model.items.map(entry)));
    return model.tooltip;
  };
  // Windows and most Linux trays open the window on a click; macOS shows the menu.
  if (process.platform !== 'darwin') tray.on('click', () => actions.open());
  // Support (and the Electron tests) read from the log that the tray is up and what it showed first.
  log(`tray ready: ${refresh()}`);
  return { refresh: () => void refresh(), destroy: () => tray.destroy() };
}
