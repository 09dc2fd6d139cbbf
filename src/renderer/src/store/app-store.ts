import { create } from 'zustand';
import { routeFromHash, type RouteId } from '../app/routes';

export type { Problem } from '../api/problem';

/** Local UI state of the shell: which page is open. Server state lives in the query cache (api/). */
interface AppState {
  readonly route: RouteId;
  navigate(route: RouteId): void;
}

export function createAppStore() {
  const store = create<AppState>()(() => ({
    route: routeFromHash(window.location.hash),
    navigate(route) {
      // From a detail page (#/builds/<id>) the shortcut goes back to the page's list.
      follow(`#/${route}`);
    },
  }));
  /**
   * The address first (a page reading it sees the new one), then the route, in the task of the key
   * or click: the page's chunk and first reads go out at once (main.tsx). Left to the hashchange, a
   * task the browser queues behind whatever else is waiting, they went out ~80 ms later (issue 15).
   */
  const follow = (hash: string): void => {
    if (window.location.hash === hash) return;
    window.location.hash = hash;
    store.setState({ route: routeFromHash(hash) });
  };
  window.addEventListener('hashchange', () => store.setState({ route: routeFromHash(window.location.hash) }));
  // A plain click on an in-app link is followed here, for the same reason. A click with a modifier
  // (a new tab or window) and a link another handler took are left to the browser.
  window.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href^="#/"]') : null;
    const hash = link?.getAttribute('href');
    if (!link || !hash || link.hasAttribute('target') || link.hasAttribute('download')) return;
    event.preventDefault();
    follow(hash);
  });
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;
