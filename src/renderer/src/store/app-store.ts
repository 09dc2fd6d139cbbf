import { create } from 'zustand';
import type { AppInfo } from '../../../shared/models/app';
import type { Builder } from '../../../shared/models/builder';
import type { Preferences, PreferencesPatch } from '../../../shared/models/settings';
import { ApiError, type Client } from '../api/client';
import { routeFromHash, type RouteId } from '../app/routes';

export interface Problem {
  readonly message: string;
  readonly hint?: string;
}

interface AppState {
  readonly route: RouteId;
  readonly info?: AppInfo;
  readonly preferences?: Preferences;
  readonly builders?: readonly Builder[];
  readonly buildersLoading: boolean;
  readonly connected: boolean;
  readonly problem?: Problem;
  navigate(route: RouteId): void;
  load(): Promise<void>;
  refreshBuilders(): Promise<void>;
  updatePreferences(patch: PreferencesPatch): Promise<boolean>;
  dismissProblem(): void;
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.hint ? { message: error.message, hint: error.hint } : { message: error.message };
  return { message: 'Something went wrong.', hint: 'Try again.' };
}

export function createAppStore(client: Client) {
  const store = create<AppState>()((set, get) => ({
    route: routeFromHash(window.location.hash),
    buildersLoading: false,
    connected: client.transport === 'ipc',
    navigate(route) {
      // From a detail page (#/builds/<id>) the shortcut goes back to the page's list.
      if (window.location.hash === `#/${route}`) return;
      window.location.hash = `#/${route}`;
    },
    async load() {
      try {
        const [info, preferences] = await Promise.all([client.call('app:info', {}), client.call('settings:get', {})]);
        set({ info, preferences });
      } catch (error) {
        set({ problem: toProblem(error) });
      }
      await get().refreshBuilders();
    },
    async refreshBuilders() {
      set({ buildersLoading: true });
      try {
        set({ builders: await client.call('builders:list', {}) });
      } catch (error) {
        set({ problem: toProblem(error) });
      } finally {
        set({ buildersLoading: false });
      }
    },
    async updatePreferences(patch) {
      try {
        set({ preferences: await client.call('settings:update', patch), problem: undefined });
        return true;
      } catch (error) {
        set({ problem: toProblem(error) });
        return false;
      }
    },
    dismissProblem() {
      set({ problem: undefined });
    },
  }));
  window.addEventListener('hashchange', () => store.setState({ route: routeFromHash(window.location.hash) }));
  client.on('settings:changed', (preferences) => store.setState({ preferences }));
  client.onConnection((connected) => store.setState({ connected }));
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;
