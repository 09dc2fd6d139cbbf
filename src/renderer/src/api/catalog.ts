import type { Registry } from '../../../shared/models/registry';
import type { ImageRepository, Namespace } from '../../../shared/models/repository';
import type { Problem } from './problem';
import { useContractQuery } from './hooks';

export interface CatalogView {
  /** All three lists have answered once. */
  readonly loaded: boolean;
  readonly registries: readonly Registry[];
  readonly namespaces: readonly Namespace[];
  readonly repositories: readonly ImageRepository[];
  readonly problem: Problem | undefined;
}

const none: readonly never[] = [];

/** Registries, namespaces and image repositories read together, as most pages name all three. */
export function useCatalogView(): CatalogView {
  const registries = useContractQuery('registries:list', {});
  const namespaces = useContractQuery('namespaces:list', {});
  const repositories = useContractQuery('repositories:list', {});
  return {
    loaded: registries.isSuccess && namespaces.isSuccess && repositories.isSuccess,
    registries: registries.data ?? none,
    namespaces: namespaces.data ?? none,
    repositories: repositories.data ?? none,
    problem: registries.problem ?? namespaces.problem ?? repositories.problem,
  };
}
