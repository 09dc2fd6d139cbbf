import { routeFromHash, routes, type RouteId } from '../app/routes';
import { carriesSessionToken, earlyRouteAttribute } from '../api/session-token';

/**
 * The boot script: a few hundred bytes the window runs long before the app's script has been
 * parsed. The frame index.html paints (scripts/boot-shell.tsx) already answers the keyboard and the
 * sidebar: Ctrl/Cmd+1…5 and a click move its heading at once, and the app opens on that page.
 * While the address still carries the session token, the page asked for is noted on <html> instead
 * of in the address, which the app's token hand-over would otherwise overwrite (session-token.ts).
 * Once the app has replaced the frame, this script lets go of every event.
 */
export function startEarlyNavigation(doc: Document, win: Window, mac: boolean): void {
  const frame = doc.querySelector<HTMLElement>('[data-boot]');
  const heading = frame?.querySelector('h1');
  if (!frame || !heading) return;
  const builtFor = frame.dataset.boot;
  const lede = frame.querySelector<HTMLElement>('.lede');
  const links = [...frame.querySelectorAll<HTMLAnchorElement>('a[data-route]')];

  const show = (id: RouteId): void => {
    for (const link of links) {
      if (link.dataset.route === id) {
        link.setAttribute('aria-current', 'page');
        heading.textContent = link.dataset.title ?? link.textContent;
      } else {
        link.removeAttribute('aria-current');
      }
    }
    // The sentence under the heading belongs to the page the frame was built for.
    if (lede) lede.hidden = id !== builtFor;
  };
  const go = (id: RouteId): void => {
    if (carriesSessionToken(win.location.hash)) {
      doc.documentElement.setAttribute(earlyRouteAttribute, id);
      show(id);
    } else {
      // The hashchange below shows it; so does the app, which reads the address when it starts.
      win.location.hash = `#/${id}`;
    }
  };

  const onKey = (event: KeyboardEvent): void => {
    if (!frame.isConnected) return stop();
    if (!(mac ? event.metaKey : event.ctrlKey) || event.altKey || event.shiftKey) return;
    const target = routes.find((r) => r.key === event.key);
    if (!target) return;
    event.preventDefault();
    go(target.id);
  };
  const onClick = (event: MouseEvent): void => {
    if (!frame.isConnected) return stop();
    const link = (event.target as Element | null)?.closest?.('a[data-route]');
    if (!link || !frame.contains(link) || !carriesSessionToken(win.location.hash)) return;
    event.preventDefault();
    go(routeFromHash(`#/${(link as HTMLElement).dataset.route ?? ''}`));
  };
  const onHash = (): void => {
    if (!frame.isConnected) return stop();
    if (!carriesSessionToken(win.location.hash)) show(routeFromHash(win.location.hash));
  };
  const stop = (): void => {
    win.removeEventListener('keydown', onKey);
    win.removeEventListener('click', onClick);
    win.removeEventListener('hashchange', onHash);
  };

  // Built without addresses (ShellFrame): from now on a click is this script's to handle.
  for (const link of links) link.setAttribute('href', `#/${link.dataset.route ?? ''}`);
  win.addEventListener('keydown', onKey);
  win.addEventListener('click', onClick);
  win.addEventListener('hashchange', onHash);
  // A reload on another page (#/builds…) corrects the heading the frame was built with.
  onHash();
}
