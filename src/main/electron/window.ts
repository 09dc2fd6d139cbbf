import { BrowserWindow, nativeTheme, session, shell, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../../shared/csp';
import type { Rect } from '../../shared/desktop/window-bounds';
import { pseudoLocale, supportedLocales, type DisplayLocale } from '../../shared/i18n/locales';
import { indexFileFor } from '../../shared/index-page';

const here = fileURLToPath(new URL('.', import.meta.url));
/** The renderer's page per language: each paints the window's frame in it before any script runs. */
const rendererPage = (locale: DisplayLocale): string => join(here, '../renderer', indexFileFor(locale === pseudoLocale ? 'en' : locale));
const rendererUrls = new Set(supportedLocales.map((locale) => pathToFileURL(rendererPage(locale)).href));
const windows = new Set<BrowserWindow>();

export const windowSize = { defaults: { width: 1200, height: 800 }, minimum: { width: 860, height: 560 } } as const;

export interface WindowPlacement {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

export function createMainWindow(placement?: WindowPlacement, options: { show?: boolean; locale?: DisplayLocale } = {}): BrowserWindow {
  const win = new BrowserWindow({
    ...(placement?.bounds ?? windowSize.defaults),
    minWidth: windowSize.minimum.width,
    minHeight: windowSize.minimum.height,
    title: 'Slipway',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#16181d' : '#ffffff',
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.once('ready-to-show', () => {
    if (placement?.maximized) win.maximize();
    if (options.show !== false) win.show();
  });
  // Nothing but our own page ever loads in the window; links go to the system browser, https only.
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== win.webContents.getURL()) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  void win.loadFile(rendererPage(options.locale ?? 'en'));
  return win;
}

export function openWindows(): BrowserWindow[] {
  return [...windows];
}

export function bringForward(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Shows a build's page in the window (the renderer routes on the hash). */
export function showBuildPage(win: BrowserWindow, buildId: string): void {
  bringForward(win);
  void win.webContents.executeJavaScript(`window.location.hash = ${JSON.stringify(`#/builds/${buildId}`)}`);
}

export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  const owner = BrowserWindow.fromWebContents(event.sender);
  if (!owner || !windows.has(owner)) return false;
  return rendererUrls.has(frame.url.split('#')[0] ?? '');
}

export function openExternalSafely(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') void shell.openExternal(url);
  } catch {
    // Not a URL: nothing to open.
  }
}

/** An OAuth authorize page in the system browser (RFC 8252: never an embedded view); http(s) only. */
export function openInSystemBrowser(url: string): void {
  const protocol = new URL(url).protocol;
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error('not a web address');
  void shell.openExternal(url);
}

export function hardenSessions(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
}
