import type Docker from 'dockerode';
import { lazyModule } from '../lazy-module';
import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import type { BuilderStatus } from '../../../shared/models/builder';
import type { EngineEndpoint } from './endpoint';

const dockerode = lazyModule<typeof Docker>('dockerode');

/** dockerode options for an endpoint in the docker CLI's notation. */
export function dockerodeOptions(engine: Pick<EngineEndpoint, 'endpoint' | 'tls'>): Docker.DockerOptions {
  const url = new URL(engine.endpoint);
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: decodeURIComponent(url.pathname) };
    case 'npipe:':
      return { socketPath: engine.endpoint.replace(/^npipe:\/\//, '').replaceAll('/', '\\') };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = engine.tls ?? (url.protocol === 'https:' ? { verify: true } : undefined);
      const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
      return {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port,
        protocol: tls ? 'https' : 'http',
        ...(tls?.ca ? { ca: tls.ca } : {}),
        ...(tls?.cert ? { cert: tls.cert } : {}),
        ...(tls?.key ? { key: tls.key } : {}),
      };
    }
    case 'ssh:':
      return {
        protocol: 'ssh',
        host: url.hostname,
        port: url.port ? Number(url.port) : 22,
        ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      };
    default:
      throw new AppError('invalid_input', phrase('builds.docker.unsupportedEndpoint', { scheme: url.protocol }), phrase('builds.docker.unsupportedEndpointHint'));
  }
}

export function connectEngine(engine: Pick<EngineEndpoint, 'endpoint' | 'tls'>): Docker {
  const Dockerode = dockerode();
  return new Dockerode(dockerodeOptions(engine));
}

/** Asks the engine who it is, within a bounded time, and says plainly what to do when it cannot. */
export async function probeEngine(engine: Pick<EngineEndpoint, 'endpoint' | 'tls'>, timeoutMs = 3000): Promise<BuilderStatus> {
  let docker: Docker;
  try {
    docker = connectEngine(engine);
  } catch (error) {
    return unreachable(error instanceof AppError ? error.message : 'The Docker endpoint is not valid.', 'Fix DOCKER_HOST or the docker context.');
  }
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref());
  try {
    const version = await Promise.race([docker.version(), timeout]);
    const apiVersion = String(version.ApiVersion ?? '');
    return {
      state: 'reachable',
      engineVersion: String(version.Version ?? 'unknown'),
      apiVersion,
      os: String(version.Os ?? 'unknown'),
      arch: String(version.Arch ?? 'unknown'),
      // BuildKit is built into the engine from API 1.39 (Docker 18.09).
      buildkit: compareApi(apiVersion, '1.39') >= 0,
    };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') {
      return unreachable(`No Docker engine answers at ${engine.endpoint}.`, 'Start Docker (Docker Desktop, or `sudo systemctl start docker`), or point DOCKER_HOST / the docker context at a running engine.');
    }
    if (code === 'EACCES') {
      return unreachable(`Permission denied on ${engine.endpoint}.`, 'Add your user to the "docker" group (then log in again), or use a rootless engine.');
    }
    if ((error as Error).message === 'timeout') {
      return unreachable(`The Docker engine at ${engine.endpoint} did not answer within ${timeoutMs / 1000} s.`, 'Check that the engine is running and the network path to it is open.');
    }
    return unreachable(`The Docker engine at ${engine.endpoint} could not be reached.`, 'Check that it is running and that Slipway may use it.');
  }
}

function unreachable(message: string, hint: string): BuilderStatus {
  return { state: 'unreachable', message, hint };
}

function compareApi(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}
