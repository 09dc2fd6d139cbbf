import type { GitServer } from './git-server';
import { hostCall, type HeadlessApp } from './headless';
import type { RunningRegistry } from './registry';

export interface BuildableRepository {
  readonly repositoryId: string;
  readonly ruleId: string;
}

/**
 * An image repository on a running host, bound to a fresh git repository holding `dockerfile` on
 * main, with one rule building main: everything a browser test needs to press "Build".
 */
export async function createBuildableRepository(app: HeadlessApp, registry: RunningRegistry, git: GitServer, name: string, dockerfile: string): Promise<BuildableRepository> {
  const cloneUrl = git.createRepo(`acme/${name}`);
  git.commit(`acme/${name}`, 'main', { Dockerfile: dockerfile });
  const reg = await hostCall<{ id: string }>(app, 'registries:create', { name: `reg-${name}`, endpoint: registry.host, insecure: true, username: '' });
  const ns = await hostCall<{ id: string }>(app, 'namespaces:create', { registryId: reg.id, name: `ns-${name}` });
  const repo = await hostCall<{ id: string }>(app, 'repositories:create', { namespaceId: ns.id, name });
  await hostCall(app, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: `acme/${name}`, cloneUrl } });
  const rule = await hostCall<{ id: string }>(app, 'rules:save', {
    repositoryId: repo.id,
    spec: { type: 'branch', source: 'main', isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [] },
  });
  return { repositoryId: repo.id, ruleId: rule.id };
}
