import type { Handlers } from '../dispatch';
import type { BuildService } from '../builds/build-service';
import type { BuildStore } from '../builds/build-store';
import type { LogStore } from '../builds/log-store';

export interface BuildDeps {
  readonly service: BuildService;
  readonly store: BuildStore;
  readonly logs: LogStore;
}

type BuildChannels = 'builds:list' | 'builds:page' | 'builds:get' | 'builds:log' | 'builds:start' | 'builds:cancel' | 'builds:retry';

export function buildHandlers(deps: BuildDeps): Pick<Handlers, BuildChannels> {
  return {
    'builds:list': (filter) => deps.store.list(filter),
    'builds:page': (query) => deps.store.page(query),
    'builds:get': ({ id }) => ({ build: deps.store.get(id), steps: deps.store.steps(id) }),
    'builds:log': ({ id, from, limit }) => {
      deps.store.get(id);
      return { buildId: id, from, lines: deps.logs.read(id, from, limit) };
    },
    'builds:start': ({ ruleId, ref }) => deps.service.start(ruleId, ref),
    'builds:cancel': ({ id }) => deps.service.cancel(id),
    'builds:retry': ({ id }) => deps.service.retry(id),
  };
}
