import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Core } from '../../src/main/core';
import type { Channel, MethodInput, MethodOutput } from '../../src/shared/contract';
import type { ImageRepository } from '../../src/shared/models/repository';
import type { RuleSpecInput } from '../../src/shared/models/rule';
import { planPush } from '../../src/shared/rules';
import type { BuildRequest } from '../../src/main/core/domain';
import type { GitServer } from './git-server';

export async function ok<C extends Channel>(core: Core, channel: C, input: MethodInput<C>): Promise<MethodOutput<C>> {
  const r = await core.call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.result as MethodOutput<C>;
}

/** An image repository bound to `cloneUrl`, with automatic builds on and the given rules in order. */
export async function boundRepository(core: Core, cloneUrl: string, rules: RuleSpecInput[], sourceId: string | null = null): Promise<{ repository: ImageRepository; ruleIds: string[] }> {
  const registry = await ok(core, 'registries:create', { name: `R${Math.random().toString(36).slice(2, 8)}`, endpoint: 'registry.test:5000' });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'acme' });
  const repository = await ok(core, 'repositories:create', {
    namespaceId: namespace.id,
    name: 'app',
    autoBuild: true,
    codeRepository: { provider: 'git', sourceId, fullName: 'acme/app', cloneUrl },
  });
  const ruleIds: string[] = [];
  for (const spec of rules) ruleIds.push((await ok(core, 'rules:save', { repositoryId: repository.id, spec: spec as MethodInput<'rules:save'>['spec'] })).id);
  return { repository, ruleIds };
}

export const ruleBase = { isRegex: false, tags: [{ template: 'latest' }], architectures: ['linux/amd64'], buildArgs: [] };

/** The commit's committer time, as the remote has it. */
export function commitTime(server: GitServer, repo: string, commit: string): Date {
  return new Date(execFileSync('git', ['show', '-s', '--format=%cI', commit], { cwd: join(server.root, `${repo}.git`), encoding: 'utf8' }).trim());
}

/** Moves (or creates) a branch on the server to an existing commit, as a push of that commit would. */
export function setBranch(server: GitServer, repo: string, branch: string, commit: string): void {
  execFileSync('git', ['update-ref', `refs/heads/${branch}`, commit], { cwd: join(server.root, `${repo}.git`) });
}

/** Renders a request's tags as the build queue does: the rule's templates, the commit's time and id. */
export function renderWith(getCore: () => Core, server: GitServer, repo: string): (request: BuildRequest) => Promise<string[]> {
  return async (request) => {
    const rules = await ok(getCore(), 'rules:list', { repositoryId: request.repositoryId });
    const rule = rules.find((r) => r.id === request.ruleId);
    if (!rule) return [];
    const plan = planPush([rule], [{ type: request.ref.kind, name: request.ref.name, commitId: request.commit }], commitTime(server, repo, request.commit));
    return [...(plan.refs[0]?.matches[0]?.tags ?? [])];
  };
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
