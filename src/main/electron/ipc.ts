import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { channels } from '../../shared/contract';
import type { Core } from '../core';
import { eventChannel } from './bridge';

/**
 * Derives one ipcMain handler per contract channel. A call is answered only when it comes from a
 * window we created, showing our own bundled page: a frame or navigation elsewhere gets nothing.
 */
export function registerIpc(core: Pick<Core, 'call' | 'bus'>, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'unauthenticated', message: 'Calls from this frame are refused.' } };
      return core.call(channel, input);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

export function forwardEvents(core: Pick<Core, 'bus'>, targets: () => readonly WebContents[]): () => void {
  return core.bus.subscribe((message) => {
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(eventChannel, message);
  });
}
