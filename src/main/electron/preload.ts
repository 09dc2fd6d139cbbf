/**
 * Sandboxed preload: exposes exactly the contract's channels and events, nothing of Node or
 * Electron. Channel names are checked here too so a compromised renderer cannot reach other IPC.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { isChannel, isEventName } from '../../shared/contract';
import { bridgeKey, eventChannel } from './bridge';

contextBridge.exposeInMainWorld(bridgeKey, {
  invoke(channel: unknown, input: unknown): Promise<unknown> {
    if (!isChannel(channel)) return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: 'Unknown method.' } });
    return ipcRenderer.invoke(channel, input);
  },
  on(event: unknown, listener: (payload: unknown) => void): () => void {
    if (!isEventName(event) || typeof listener !== 'function') return () => undefined;
    const handler = (_: unknown, message: { event: string; payload: unknown }): void => {
      if (message.event === event) listener(message.payload);
    };
    ipcRenderer.on(eventChannel, handler);
    return () => ipcRenderer.removeListener(eventChannel, handler);
  },
});
