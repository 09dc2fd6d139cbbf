import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerConfigDir, resolveLocalEngine, type EnvironmentLike } from './endpoint';

export interface DockerContextInfo {
  readonly name: string;
  readonly endpoint: string;
  readonly current: boolean;
}

/** Every docker context the user has, read from disk; the current one marked. Never changes one. */
export function listDockerContexts(env: EnvironmentLike): DockerContextInfo[] {
  const engine = resolveLocalEngine(env);
  const current = env.DOCKER_HOST ? undefined : (engine.contextName ?? 'default');
  const metaDir = join(dockerConfigDir(env), 'contexts', 'meta');
  const found: DockerContextInfo[] = [];
  if (existsSync(metaDir)) {
    for (const id of readdirSync(metaDir)) {
      try {
        const meta = JSON.parse(readFileSync(join(metaDir, id, 'meta.json'), 'utf8')) as { Name?: unknown; Endpoints?: { docker?: { Host?: unknown } } };
        const host = meta.Endpoints?.docker?.Host;
        if (typeof meta.Name === 'string' && typeof host === 'string') found.push({ name: meta.Name, endpoint: host, current: meta.Name === current });
      } catch {
        // A context folder without readable metadata is skipped, as the CLI does.
      }
    }
  }
  const fallback = process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
  return [{ name: 'default', endpoint: fallback, current: current === 'default' }, ...found.sort((a, b) => a.name.localeCompare(b.name))];
}
