import { sessionTokenIn } from '../api/session-token';

/**
 * Tells the headless host, once the window's first frame is painted, to read its core: the app's
 * first calls then find it ready, and reading it no longer competes with that first paint on a
 * machine of two cores (issue 15). The desktop window has no host to tell (its address carries no
 * token); nor has a reload, which comes when the host has long read its core.
 */
export function warmHostAfterFirstFrame(win: Window, fetcher: typeof fetch = win.fetch.bind(win)): void {
  const token = sessionTokenIn(win.location.hash);
  if (!token || !/^https?:$/.test(win.location.protocol)) return;
  // A callback of the next frame runs before it is painted; a task queued from it, after.
  win.requestAnimationFrame(() => {
    win.setTimeout(() => {
      // Only a hint: the first call reads the core anyway, so a failure here changes nothing.
      fetcher('./api/warm', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    }, 0);
  });
}
