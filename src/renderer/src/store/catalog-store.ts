import { create } from 'zustand';
import type { ConnectionReport, Registry, RegistryInput } from '../../../shared/models/registry';
import type { ImageRepository, Namespace } from '../../../shared/models/repository';
import type { MethodInput } from '../../../shared/contract';
import type { Client } from '../api/client';
import { toProblem, type Problem } from './app-store';

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

interface CatalogState {
  readonly loaded: boolean;
  readonly registries: readonly Registry[];
  readonly namespaces: readonly Namespace[];
  readonly repositories: readonly ImageRepository[];
  readonly connection: Readonly<Record<string, ConnectionReport | 'testing'>>;
  load(): Promise<Problem | undefined>;
  addRegistry(input: RegistryInput): Promise<Outcome<Registry>>;
  updateRegistry(input: MethodInput<'registries:update'>): Promise<Outcome<Registry>>;
  deleteRegistry(id: string): Promise<Outcome<true>>;
  testRegistry(id: string): Promise<void>;
  addNamespace(input: MethodInput<'namespaces:create'>): Promise<Outcome<Namespace>>;
  updateNamespace(input: MethodInput<'namespaces:update'>): Promise<Outcome<Namespace>>;
  deleteNamespace(id: string): Promise<Outcome<true>>;
  addRepository(input: MethodInput<'repositories:create'>): Promise<Outcome<ImageRepository>>;
  updateRepository(input: MethodInput<'repositories:update'>): Promise<Outcome<ImageRepository>>;
  deleteRepository(id: string): Promise<Outcome<true>>;
}

async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, problem: toProblem(error) };
  }
}

/** Registries, namespaces and image repositories, reloaded after each change so lists never drift. */
export function createCatalogStore(client: Client) {
  return create<CatalogState>()((set, get) => {
    const reload = async () => {
      const [registries, namespaces, repositories] = await Promise.all([
        client.call('registries:list', {}),
        client.call('namespaces:list', {}),
        client.call('repositories:list', {}),
      ]);
      set({ registries, namespaces, repositories, loaded: true });
    };
    const change = async <T>(work: () => Promise<T>): Promise<Outcome<T>> => {
      const outcome = await attempt(work);
      if (outcome.ok) await reload().catch(() => undefined);
      return outcome;
    };
    return {
      loaded: false,
      registries: [],
      namespaces: [],
      repositories: [],
      connection: {},
      async load() {
        const outcome = await attempt(reload);
        return outcome.ok ? undefined : outcome.problem;
      },
      addRegistry: (input) => change(() => client.call('registries:create', input)),
      updateRegistry: async (input) => {
        const outcome = await change(() => client.call('registries:update', input));
        // A changed login or address makes the last test result stale.
        if (outcome.ok) set({ connection: Object.fromEntries(Object.entries(get().connection).filter(([id]) => id !== input.id)) });
        return outcome;
      },
      deleteRegistry: (id) => change(async () => (await client.call('registries:delete', { id }), true as const)),
      async testRegistry(id) {
        set({ connection: { ...get().connection, [id]: 'testing' } });
        const outcome = await attempt(() => client.call('registries:test', { id }));
        const report: ConnectionReport = outcome.ok ? outcome.value : { ok: false, message: outcome.problem.message, ...(outcome.problem.hint ? { hint: outcome.problem.hint } : {}) };
        set({ connection: { ...get().connection, [id]: report } });
      },
      addNamespace: (input) => change(() => client.call('namespaces:create', input)),
      updateNamespace: (input) => change(() => client.call('namespaces:update', input)),
      deleteNamespace: (id) => change(async () => (await client.call('namespaces:delete', { id }), true as const)),
      addRepository: (input) => change(() => client.call('repositories:create', input)),
      updateRepository: (input) => change(() => client.call('repositories:update', input)),
      deleteRepository: (id) => change(async () => (await client.call('repositories:delete', { id }), true as const)),
    };
  });
}

export type CatalogStore = ReturnType<typeof createCatalogStore>;
