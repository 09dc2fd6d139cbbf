import type { Handlers } from '../dispatch';
import type { BuildService } from '../builds/build-service';
import type { BuildStore } from '../builds/build-store';
import type { LogStore } from '../builds/log-store';

export interface BuildDeps {
  readonly service: BuildService;
  readonly store: BuildStore;
  readonly logs: LogStore;
}

type BuildReadChannels = 'builds:list' | 'builds:page' | 'builds:get' | 'builds:log';

/** The history and logs as recorded: answered by the stores alone, before the build service is read (base.ts). */
export function buildReadHandlers(deps: Pick<BuildDeps, 'store' | 'logs'>): Pick<Handlers, BuildReadChannels> {
  return {
    'builds:list': (filter) => deps.store.list(filter),
    'builds:page': (query) => deps.store.page(query),
    'builds:get': ({ id }) => ({ build: deps.store.get(id), steps: deps.store.steps(id) }),
    'builds:log': ({ id, from, limit }) => {
      deps.store.get(id);
      return { buildId: id, from, lines: deps.logs.read(id, from, limit) };
    },
  };
}

export function buildHandlers(deps: Pick<BuildDeps, 'service'>): Pick<Handlers, 'builds:start' | 'builds:cancel' | 'builds:retry'> {
  return {
    'builds:start': ({ ruleId, ref }) => deps.service.start(ruleId, ref),
    'builds:cancel': ({ id }) => deps.service.cancel(id),
    'builds:retry': ({ id }) => deps.service.retry(id),
  };
}
