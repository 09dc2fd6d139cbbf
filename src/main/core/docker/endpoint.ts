import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { BuilderSource } from '../../../shared/models/builder';

export interface EngineTls {
  readonly verify: boolean;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface EngineEndpoint {
  /** As the docker CLI writes it: unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host. */
  readonly endpoint: string;
  readonly source: BuilderSource;
  readonly contextName?: string;
  readonly tls?: EngineTls;
}

export interface EnvironmentLike {
  readonly [name: string]: string | undefined;
}

const defaultEndpoint = process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';

/** DOCKER_CONFIG or ~/.docker, as the docker CLI reads it. */
export function dockerConfigDir(env: EnvironmentLike = process.env): string {
  return env.DOCKER_CONFIG && env.DOCKER_CONFIG.length > 0 ? env.DOCKER_CONFIG : join(env.HOME ?? homedir(), '.docker');
}

/**
 * Finds the engine the docker CLI would talk to, in its order: DOCKER_HOST, then DOCKER_CONTEXT,
 * then config.json's currentContext, then the platform default. Reads only; never changes a context.
 */
export function resolveLocalEngine(env: EnvironmentLike = process.env): EngineEndpoint {
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
    const certPath = env.DOCKER_CERT_PATH || dockerConfigDir(env);
    const tls = verify ? readTlsFiles(certPath, true) : undefined;
    return tls ? { endpoint: dockerHost, source: 'DOCKER_HOST', tls } : { endpoint: dockerHost, source: 'DOCKER_HOST' };
  }
  const configDir = dockerConfigDir(env);
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  const contextName = fromEnv || readCurrentContext(configDir);
  if (contextName && contextName !== 'default') {
    const context = readContext(configDir, contextName);
    if (context) return { ...context, source: fromEnv ? 'DOCKER_CONTEXT' : 'current-context', contextName };
  }
  return { endpoint: defaultEndpoint, source: 'default', contextName: 'default' };
}

function readCurrentContext(configDir: string): string | undefined {
  try {
    const config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' ? config.currentContext : undefined;
  } catch {
    return undefined;
  }
}

/** Context metadata lives under a folder named by the SHA-256 of the context name. */
function readContext(configDir: string, name: string): Omit<EngineEndpoint, 'source' | 'contextName'> | undefined {
  const id = createHash('sha256').update(name).digest('hex');
  try {
    const meta = JSON.parse(readFileSync(join(configDir, 'contexts', 'meta', id, 'meta.json'), 'utf8')) as {
      Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } };
    };
    const docker = meta.Endpoints?.docker;
    if (!docker || typeof docker.Host !== 'string') return undefined;
    const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
    const tls = existsSync(tlsDir) ? readTlsFiles(tlsDir, docker.SkipTLSVerify !== true) : undefined;
    return tls ? { endpoint: docker.Host, tls } : { endpoint: docker.Host };
  } catch {
    return undefined;
  }
}

function readTlsFiles(dir: string, verify: boolean): EngineTls {
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const ca = read('ca.pem');
  const cert = read('cert.pem');
  const key = read('key.pem');
  return { verify, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}
