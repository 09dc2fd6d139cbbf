import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { BuilderView } from '../../../shared/models/builder';
import type { Handlers } from '../dispatch';
import type { BuilderPool } from '../builders/builder-pool';
import type { BuilderSettingsStore } from '../builders/builder-settings';
import { builderView } from '../builders/builder-views';
import type { BuilderLoadPort } from '../builders/pool-ports';
import type { BuilderStore } from '../builds/builder-store';

export interface BuilderDeps {
  readonly store: BuilderStore;
  readonly settings: BuilderSettingsStore;
  readonly pool: BuilderPool;
  /** The build queue's count of running and waiting builds per builder; zeros without it. */
  readonly load?: () => BuilderLoadPort | undefined;
  /** Tells every window a builder changed. */
  readonly announce: (id: string) => void;
}

type BuilderChannels = 'builders:list' | 'builders:create' | 'builders:delete' | 'builders:update' | 'builders:check';

export function builderHandlers(deps: BuilderDeps): Pick<Handlers, BuilderChannels> {
  const views = async (): Promise<BuilderView[]> => {
    const members = await deps.pool.members();
    const entries = deps.store.entries();
    const settings = deps.settings.all();
    const load = deps.load?.();
    return entries.flatMap((entry) => {
      const member = members.find((m) => m.id === entry.id);
      if (!member) return [];
      return [builderView(entry, member, deps.pool.detected(entry.id), settings.get(entry.id) ?? { capacity: 1, nativePlatforms: [] }, load?.loadOf(entry.id))];
    });
  };
  const viewOf = async (id: string): Promise<BuilderView> => {
    const view = (await views()).find((v) => v.id === id);
    if (!view) throw new AppError('not_found', phrase('builds.errors.builderNotFound'), phrase('builds.errors.builderNotFoundHint'));
    return view;
  };
  return {
    'builders:list': () => views(),
    'builders:create': async (input) => {
      const entry = deps.store.add(input);
      deps.announce(entry.id);
      return viewOf(entry.id);
    },
    'builders:delete': ({ id }) => {
      deps.store.delete(id);
      deps.pool.forget(id);
      deps.announce(id);
      return { done: true };
    },
    'builders:update': async ({ id, capacity, nativePlatforms }) => {
      // Throws not_found for an unknown id before anything is stored.
      deps.store.entry(id);
      deps.settings.set(id, { capacity, nativePlatforms });
      deps.announce(id);
      return viewOf(id);
    },
    'builders:check': async ({ id }) => {
      if (id !== undefined) deps.store.entry(id);
      await deps.pool.refresh(id === undefined ? undefined : [id]);
      return views();
    },
  };
}
