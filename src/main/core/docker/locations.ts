import { homedir } from 'node:os';
import { join } from 'node:path';
import { dockerConfigDir, type EnvironmentLike } from './endpoint';

/** The config.json the current user's docker CLI reads (DOCKER_CONFIG honoured). */
export function dockerConfigPath(env: EnvironmentLike): string {
  return join(dockerConfigDir(env), 'config.json');
}

/**
 * Where podman, buildah and skopeo keep logins (containers-auth.json(5)): REGISTRY_AUTH_FILE, else
 * the per-session runtime folder on Linux, else ~/.config/containers/auth.json.
 */
export function podmanAuthPath(env: EnvironmentLike, platform: NodeJS.Platform = process.platform): string {
  if (env.REGISTRY_AUTH_FILE) return env.REGISTRY_AUTH_FILE;
  if (platform === 'linux' && env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json');
  return join(env.HOME ?? homedir(), '.config', 'containers', 'auth.json');
}

const dockerHubKey = 'https://index.docker.io/v1/';
const dockerHubHosts = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The key docker files a registry's login under: Docker Hub keeps its historic v1 URL. */
export function dockerServerKey(endpoint: string): string {
  return dockerHubHosts.has(endpoint) ? dockerHubKey : endpoint;
}

/** Podman keys Docker Hub as docker.io. */
export function podmanServerKey(endpoint: string): string {
  return dockerHubHosts.has(endpoint) ? 'docker.io' : endpoint;
}

/** The registry host a key names: keys may carry a scheme or a path (https://index.docker.io/v1/). */
export function hostOfServerKey(key: string): string {
  if (key === dockerHubKey) return 'docker.io';
  const bare = key.replace(/^[a-z]+:\/\//i, '');
  const host = bare.split('/')[0] ?? bare;
  return dockerHubHosts.has(host) ? 'docker.io' : host;
}
