import { sessionTokenIn } from '../api/session-token';

/**
 * Tells the headless host to read its core (issue 15). The boot script says it once the frame is
 * painted and the app's files are asked for (boot.ts): the host serves those first (server.ts), then
 * reads its core while the window compiles and runs the app's script, and the app's first calls find
 * it ready. The desktop window has no host to tell (its address carries no token); nor has a
 * reload, which comes when the host has long read its core.
 */
export function warmHost(win: Window, fetcher: typeof fetch = win.fetch.bind(win)): void {
  const token = sessionTokenIn(win.location.hash);
  if (!token || !/^https?:$/.test(win.location.protocol)) return;
  // Only a hint: the first call reads the core anyway, so a failure here changes nothing.
  fetcher('./api/warm', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
}
