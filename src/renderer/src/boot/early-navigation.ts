import { routeForShortcut, routeFromHash, type RouteId } from '../app/routes';
import { carriesSessionToken, earlyRouteAttribute } from '../api/session-token';

/**
 * The boot script: under 2 KB, run before the app's script (deferred, ahead of it). The frame
 * index.html paints (scripts/boot-shell.tsx) already answers the keyboard and the sidebar:
 * Ctrl/Cmd+1…5 and a click move its heading at once, and the app opens on that page. While the
 * address still carries the session token, the page asked for is noted on <html> instead of in the
 * address, which the app's token hand-over would otherwise overwrite (session-token.ts). Once the
 * app has replaced the frame, this script lets go of every event.
 */
export function startEarlyNavigation(doc: Document, win: Window, mac: boolean): void {
  // Deferred (scripts/boot-shell.tsx), it runs once the page is parsed and its stylesheet is in,
  // when the frame can first be painted; loaded any other way it may run before the frame is
  // parsed: the listeners go on now, the frame is held once parsed.
  let frame: HTMLElement | null = null;
  let heading: HTMLElement | null = null;
  let lede: HTMLElement | null = null;
  let links: HTMLAnchorElement[] = [];
  const preloaded = new Set<string>();

  /**
   * The page's chunks (named on its link at build time), fetched and compiled while the app's script
   * still runs: it then renders the page asked for without a round of requests first.
   */
  const preload = (link: HTMLElement): void => {
    for (const href of (link.dataset.chunks ?? '').split(' ')) {
      if (!href || preloaded.has(href)) continue;
      preloaded.add(href);
      const tag = doc.createElement('link');
      tag.rel = 'modulepreload';
      // As index.html's own preloads and the app's imports: one fetch serves both.
      tag.crossOrigin = '';
      tag.href = href;
      doc.head.append(tag);
    }
  };

  /** The frame while it is on screen; once the app has replaced it, this script lets go. */
  const onScreen = (): HTMLElement | null => {
    if (frame && !frame.isConnected) {
      stop();
      return null;
    }
    return frame;
  };
  const show = (id: RouteId): void => {
    for (const link of links) {
      if (link.dataset.route === id) {
        link.setAttribute('aria-current', 'page');
        if (heading) heading.textContent = link.dataset.title ?? link.textContent;
        preload(link);
      } else {
        link.removeAttribute('aria-current');
      }
    }
    // The sentence under the heading belongs to the page the frame was built for.
    if (lede) lede.hidden = id !== frame?.dataset.boot;
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
    const target = onScreen() && routeForShortcut(event, mac);
    if (!target) return;
    event.preventDefault();
    go(target);
  };
  const onClick = (event: MouseEvent): void => {
    const shown = onScreen();
    const link = (event.target as Element | null)?.closest?.('a[data-route]');
    if (!shown || !link || !shown.contains(link) || !carriesSessionToken(win.location.hash)) return;
    event.preventDefault();
    go(routeFromHash(`#/${(link as HTMLElement).dataset.route ?? ''}`));
  };
  const onHash = (): void => {
    if (onScreen() && !carriesSessionToken(win.location.hash)) show(routeFromHash(win.location.hash));
  };
  const stop = (): void => {
    win.removeEventListener('keydown', onKey);
    win.removeEventListener('click', onClick);
    win.removeEventListener('hashchange', onHash);
  };
  const hold = (): void => {
    frame = doc.querySelector<HTMLElement>('[data-boot]');
    heading = frame?.querySelector('h1') ?? null;
    if (!frame || !heading) return stop();
    lede = frame.querySelector<HTMLElement>('.lede');
    links = [...frame.querySelectorAll<HTMLAnchorElement>('a[data-route]')];
    // Built without addresses (ShellFrame): from now on a click is this script's to handle.
    for (const link of links) link.setAttribute('href', `#/${link.dataset.route ?? ''}`);
    // A reload on another page (#/builds…) corrects the heading the frame was built with.
    onHash();
  };

  win.addEventListener('keydown', onKey);
  win.addEventListener('click', onClick);
  win.addEventListener('hashchange', onHash);
  // 'interactive' comes once the page is parsed, before the app's module scripts run.
  if (doc.readyState === 'loading') doc.addEventListener('readystatechange', hold, { once: true });
  else hold();
}
