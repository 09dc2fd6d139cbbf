import type { AppInfo } from '../../../shared/models/app';
import type { Handlers } from '../dispatch';
import type { EnvironmentLike } from '../docker/endpoint';
import type { EventBus } from '../events';
import type { PreferenceStore } from '../settings/preferences';
import type { UpdateService } from '../desktop/update-service';

export interface AppDeps {
  readonly info: () => AppInfo;
  readonly preferences: PreferenceStore;
  readonly bus: EventBus;
  readonly env: EnvironmentLike;
  readonly updates: UpdateService;
}

export function appHandlers(deps: AppDeps): Pick<Handlers, 'app:info' | 'app:update' | 'app:checkForUpdates' | 'app:restartToUpdate' | 'settings:get' | 'settings:update'> {
  return {
    'app:info': () => deps.info(),
    'app:update': () => deps.updates.status(),
    'app:checkForUpdates': () => deps.updates.check(),
    'app:restartToUpdate': ({ whenBuilding }) => deps.updates.restartToUpdate(whenBuilding),
    'settings:get': () => deps.preferences.get(),
    'settings:update': (patch) => {
      const next = deps.preferences.update(patch);
      deps.bus.emit('settings:changed', next);
      return next;
    },
  };
}
