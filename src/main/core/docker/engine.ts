import type Docker from 'dockerode';
import { lazyModule } from '../lazy-module';
import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
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
