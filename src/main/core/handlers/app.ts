import type { AppInfo } from '../../../shared/models/app';
import type { Handlers } from '../dispatch';
import type { EventBus } from '../events';
import type { PreferenceStore } from '../settings/preferences';
import type { UpdateService } from '../desktop/update-service';

export interface AppDeps {
  readonly info: () => AppInfo;
  readonly preferences: PreferenceStore;
  readonly bus: EventBus;
  readonly updates: UpdateService;
}

/** What the app answers from its own facts and the preferences file, before the services are read (base.ts). */
export function appReadHandlers(deps: Pick<AppDeps, 'info' | 'preferences'>): Pick<Handlers, 'app:info' | 'settings:get'> {
  return {
    'app:info': () => deps.info(),
    'settings:get': () => deps.preferences.get(),
  };
}

export function appHandlers(deps: Pick<AppDeps, 'preferences' | 'bus' | 'updates'>): Pick<Handlers, 'app:update' | 'app:checkForUpdates' | 'app:restartToUpdate' | 'settings:update'> {
  return {
    'app:update': () => deps.updates.status(),
    'app:checkForUpdates': () => deps.updates.check(),
    'app:restartToUpdate': ({ whenBuilding }) => deps.updates.restartToUpdate(whenBuilding),
    'settings:update': (patch) => {
      const next = deps.preferences.update(patch);
      deps.bus.emit('settings:changed', next);
      return next;
    },
  };
}
