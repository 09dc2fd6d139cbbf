import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { Handlers } from '../dispatch';
import type { RegistryStore } from '../catalog/registry-store';
import type { RepositoryStore } from '../catalog/repository-store';
import type { RuleStore } from '../catalog/rule-store';
import type { ConnectionReport } from '../../../shared/models/registry';
import type { RegistryRecord } from '../catalog/registry-store';
import type { ImageTag } from '../../../shared/models/image-tag';
import type { ImageRepository } from '../../../shared/models/repository';

export interface CatalogDeps {
  readonly registries: RegistryStore;
  readonly rules: RuleStore;
  readonly repositories: RepositoryStore;
  readonly normalizeEndpoint: (input: string) => string;
  readonly testConnection: (registry: RegistryRecord, password: string | undefined) => Promise<ConnectionReport>;
  readonly listTags: (registry: RegistryRecord, password: string | undefined, repository: ImageRepository) => Promise<ImageTag[]>;
}

type CatalogReadChannels = 'registries:list' | 'namespaces:list' | 'repositories:list' | 'repositories:get' | 'rules:list';
type CatalogChannels =
  | 'registries:create' | 'registries:update' | 'registries:delete' | 'registries:test'
  | 'namespaces:create' | 'namespaces:update' | 'namespaces:delete'
  | 'repositories:create' | 'repositories:update' | 'repositories:delete'
  | 'tags:list' | 'rules:save' | 'rules:delete' | 'rules:reorder';

/** The catalog as stored: answered by the stores alone, before the registry client is read (base.ts). */
export function catalogReadHandlers(deps: Pick<CatalogDeps, 'registries' | 'repositories' | 'rules'>): Pick<Handlers, CatalogReadChannels> {
  const { registries, repositories, rules } = deps;
  return {
    'registries:list': () => registries.list(),
    'namespaces:list': ({ registryId }) => repositories.namespaces(registryId),
    'repositories:list': () => repositories.repositories(),
    'repositories:get': ({ id }) => repositories.repository(id),
    'rules:list': ({ repositoryId }) => (repositories.repository(repositoryId), rules.list(repositoryId)),
  };
}

export function catalogHandlers(deps: CatalogDeps): Pick<Handlers, CatalogChannels> {
  const { registries, repositories, rules } = deps;
  return {
    'registries:create': (input) =>
      registries.create({
        name: input.name,
        endpoint: deps.normalizeEndpoint(input.endpoint),
        insecure: input.insecure,
        username: input.username,
        ...(input.caCertPem ? { caCertPem: input.caCertPem } : {}),
        ...(input.password ? { password: input.password } : {}),
      }),
    'registries:update': ({ id, endpoint, ...rest }) =>
      registries.update(id, { ...rest, ...(endpoint !== undefined ? { endpoint: deps.normalizeEndpoint(endpoint) } : {}) }),
    'registries:delete': ({ id }) => {
      registries.delete(id);
      return { done: true };
    },
    'registries:test': async ({ id }) => {
      const record = registries.find(id);
      return deps.testConnection(record, registries.password(record));
    },
    'namespaces:create': (input) => {
      registries.find(input.registryId);
      return repositories.createNamespace(input);
    },
    'namespaces:update': ({ id, ...patch }) => repositories.updateNamespace(id, patch),
    'namespaces:delete': ({ id }) => {
      repositories.deleteNamespace(id);
      return { done: true };
    },
    'repositories:create': ({ namespaceId, name, ...fields }) => repositories.createRepository(namespaceId, name, fields),
    'repositories:update': ({ id, ...patch }) => repositories.updateRepository(id, patch),
    'repositories:delete': ({ id }) => {
      repositories.deleteRepository(id);
      return { done: true };
    },
    'rules:save': ({ repositoryId, id, spec }) => {
      repositories.repository(repositoryId);
      if (id && rules.get(id).repositoryId !== repositoryId) throw new AppError('conflict', phrase('repositories.errors.ruleElsewhere'), phrase('repositories.errors.reloadPage'));
      return rules.save(repositoryId, id, spec);
    },
    'rules:delete': ({ id }) => {
      rules.delete(id);
      return { done: true };
    },
    'rules:reorder': ({ repositoryId, ids }) => (repositories.repository(repositoryId), rules.reorder(repositoryId, ids)),
    'tags:list': async ({ repositoryId }) => {
      const repository = repositories.repository(repositoryId);
      const registry = registries.find(repository.registryId);
      return deps.listTags(registry, registries.password(registry), repository);
    },
  };
}
