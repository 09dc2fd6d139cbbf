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
      if (window.location.hash === `#/${route}`) return;
      window.location.hash = `#/${route}`;
    },
  }));
  window.addEventListener('hashchange', () => store.setState({ route: routeFromHash(window.location.hash) }));
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;
