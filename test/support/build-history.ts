import type { Core } from '../../src/main/core';
import { BuildStore } from '../../src/main/core/builds/build-store';
import type { Build } from '../../src/shared/models/build';
import { ok } from './triggers';

export interface BuildHistory {
  readonly repositoryId: string;
  /** Newest first, as the history lists them. */
  readonly builds: readonly Build[];
}

/**
 * A long build history written by the app's own store (finished builds of one image repository,
 * with no engine behind them): for paging tests. Rows share creation milliseconds, as a burst of
 * pushes does. Finished, so a host started on the folder later has nothing to resume.
 */
export async function seedBuildHistory(core: Core, count: number, name = 'app'): Promise<BuildHistory> {
  const registry = await ok(core, 'registries:create', { name: `history-${name}`, endpoint: '127.0.0.1:9', username: '', insecure: true });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'team' });
  const repository = await ok(core, 'repositories:create', { namespaceId: namespace.id, name });
  const store = new BuildStore(core.db);
  const builds: Build[] = [];
  for (let i = 0; i < count; i++) {
    const build = store.create({
      repositoryId: repository.id,
      ruleId: null,
      ref: { kind: 'branch', name: i % 2 === 0 ? 'main' : 'next' },
      commit: i.toString(16).padStart(40, '0'),
      commitMessage: `change ${i}`,
      commitTime: null,
      trigger: 'manual',
      builderId: 'local',
      plan: { codeRepository: { provider: 'git', sourceId: null, fullName: `acme/${name}`, cloneUrl: 'http://127.0.0.1:9/acme/app.git' }, contextDir: '/', dockerfile: 'Dockerfile', platforms: ['linux/amd64'], imageReference: `127.0.0.1:9/team/${name}`, tags: ['latest'], buildArgs: {}, secretArgs: [], noCache: false, registryId: registry.id, ruleName: 'Branch main' },
    });
    if (!build) throw new Error('seedBuildHistory: the store refused a build');
    store.start(build.id);
    builds.push(store.finish(build.id, i % 3 === 0 ? 'failed' : 'succeeded'));
  }
  return { repositoryId: repository.id, builds: builds.reverse() };
}
