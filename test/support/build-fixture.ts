import type { Core } from '../../src/main/core';
import type { RuleSpecInput } from '../../src/shared/models/rule';
import type { ImageRepository } from '../../src/shared/models/repository';
import type { RunningRegistry } from './registry';
import type { GitServer } from './git-server';

/** Calls the core through its contract, as the renderer does, and throws the envelope on failure. */
export async function call<T = unknown>(core: Core, channel: string, input: unknown): Promise<T> {
  const result = await core.call(channel, input);
  if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.message} (${result.error.hint ?? ''})`), { envelope: result.error });
  return result.result as T;
}

export const rule = (overrides: Partial<RuleSpecInput> = {}): RuleSpecInput => ({
  type: 'branch',
  source: 'main',
  isRegex: false,
  anchored: true,
  contextDir: '/',
  dockerfile: 'Dockerfile',
  tags: [{ template: 'latest' }],
  architectures: ['linux/amd64'],
  buildArgs: [],
  ...overrides,
});

/** A registry in Slipway with one namespace and an image repository bound to a code repository on the git server. */
export async function imageRepositoryFor(core: Core, registry: RunningRegistry, git: GitServer, repoName: string, options: { noCache?: boolean } = {}): Promise<ImageRepository> {
  const user = registry.users[0];
  const reg = await call<{ id: string }>(core, 'registries:create', {
    name: `reg-${repoName.replace(/\W/g, '-')}`,
    endpoint: registry.host,
    insecure: !registry.tls,
    username: user?.username ?? '',
    password: user?.password ?? '',
  });
  const ns = await call<{ id: string }>(core, 'namespaces:create', { registryId: reg.id, name: 'team' });
  const cloneUrl = git.createRepo(repoName);
  const repo = await call<ImageRepository>(core, 'repositories:create', { namespaceId: ns.id, name: repoName.split('/').pop(), noCache: options.noCache ?? false });
  return call<ImageRepository>(core, 'repositories:update', { id: repo.id, codeRepository: { provider: 'git', sourceId: null, fullName: repoName, cloneUrl } });
}
