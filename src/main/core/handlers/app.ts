import type { AppInfo } from '../../../shared/models/app';
import type { Builder } from '../../../shared/models/builder';
import type { Handlers } from '../dispatch';
import { probeEngine } from '../docker/engine';
import { resolveLocalEngine, type EnvironmentLike } from '../docker/endpoint';
import type { EventBus } from '../events';
import type { PreferenceStore } from '../settings/preferences';

export interface AppDeps {
  readonly info: () => AppInfo;
  readonly preferences: PreferenceStore;
  readonly bus: EventBus;
  readonly env: EnvironmentLike;
}

export function appHandlers(deps: AppDeps): Pick<Handlers, 'app:info' | 'settings:get' | 'settings:update' | 'builders:list'> {
  return {
    'app:info': () => deps.info(),
    'settings:get': () => deps.preferences.get(),
    'settings:update': (patch) => {
      const next = deps.preferences.update(patch);
      deps.bus.emit('settings:changed', next);
      return next;
    },
    'builders:list': async () => [await localBuilder(deps.env)],
  };
}

async function localBuilder(env: EnvironmentLike): Promise<Builder> {
  const engine = resolveLocalEngine(env);
  return {
    id: 'local',
    name: 'Local Docker engine',
    kind: 'local',
    endpoint: engine.endpoint,
    source: engine.source,
    ...(engine.contextName ? { contextName: engine.contextName } : {}),
    tls: engine.tls !== undefined,
    status: await probeEngine(engine),
  };
}
