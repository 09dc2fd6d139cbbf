import type { AppInfo } from '../../../shared/models/app';
import type { Handlers } from '../dispatch';
import type { EnvironmentLike } from '../docker/endpoint';
import type { EventBus } from '../events';
import type { PreferenceStore } from '../settings/preferences';

export interface AppDeps {
  readonly info: () => AppInfo;
  readonly preferences: PreferenceStore;
  readonly bus: EventBus;
  readonly env: EnvironmentLike;
}

export function appHandlers(deps: AppDeps): Pick<Handlers, 'app:info' | 'settings:get' | 'settings:update'> {
  return {
    'app:info': () => deps.info(),
    'settings:get': () => deps.preferences.get(),
    'settings:update': (patch) => {
      const next = deps.preferences.update(patch);
      deps.bus.emit('settings:changed', next);
      return next;
    },
  };
}
