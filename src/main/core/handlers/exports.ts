import type { Handlers } from '../dispatch';
import type { RepositoryStore } from '../catalog/repository-store';
import type { RuleStore } from '../catalog/rule-store';
import { bakeFile } from '../exports/bake';
import { githubActionsWorkflow } from '../exports/github-actions';
import type { ExportSource } from '../exports/portable';

export interface ExportDeps {
  readonly repositories: RepositoryStore;
  readonly rules: RuleStore;
}

/** No lock-in: a repository's rules as a GitHub Actions workflow or a docker-bake.hcl the user keeps. */
export function exportHandlers(deps: ExportDeps): Pick<Handlers, 'repositories:export'> {
  return {
    'repositories:export': ({ id, format }) => {
      const repository = deps.repositories.repository(id);
      const slash = repository.reference.indexOf('/');
      const source: ExportSource = {
        image: repository.reference,
        registryHost: slash > 0 ? repository.reference.slice(0, slash) : repository.reference,
        repositoryName: repository.reference.slice(slash + 1),
        noCache: repository.noCache,
        rules: deps.rules.list(id).map((r) => r.spec),
      };
      const name = repository.name.replace(/[^A-Za-z0-9._-]+/g, '-');
      return format === 'github-actions'
        ? { filename: `build-${name}.yml`, content: githubActionsWorkflow(source) }
        : { filename: 'docker-bake.hcl', content: bakeFile(source) };
    },
  };
}
