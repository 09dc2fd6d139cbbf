import type Docker from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { RegistryClient } from '../registries';
import { mediaTypes, type Descriptor } from '../registries/media-types';
import { engineError } from './engine-api';
import { splitReference } from './image-reference';
import { engineFlavour, type EngineFlavour } from './engine-flavour';
import { phrase } from '../../../shared/i18n/phrase';

export interface PushLogin {
  readonly username: string;
  readonly password: string;
  readonly serveraddress: string;
}

/**
 * Pushes one tagged image through the engine (`POST /images/{name}/push`, the login in
 * X-Registry-Auth, never in a URL) and returns the manifest digest the engine reports. Progress
 * lines are condensed: one line per layer state change, not one per progress tick.
 */
export async function pushImage(
  docker: Docker,
  reference: string,
  login: PushLogin | null,
  signal: AbortSignal,
  log: (line: string) => void,
  options: { flavour?: EngineFlavour } = {},
): Promise<string> {
  const { repository, tag } = splitReference(reference);
  const flavour = options.flavour ?? (await engineFlavour(docker));
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/images/${encodeURIComponent(repository).replace(/%2F/g, '/')}/push?`,
        method: 'POST',
        options: pushQuery(flavour, tag, repository.split('/')[0] ?? ''),
        // The engine wants a login header even for open registries.
        authconfig: login ?? { username: '', password: '', serveraddress: repository.split('/')[0] ?? '' },
        abortSignal: signal,
        isStream: true,
        statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
      },
      (error: unknown, res: unknown) => (error ? reject(engineError(error, 'push')) : resolve(res as NodeJS.ReadableStream)),
    );
  });
  let digest: string | undefined;
  let failure: string | undefined;
  let rest = '';
  const seen = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) handle(line);
    });
    stream.on('end', () => {
      handle(rest);
      resolve();
    });
    stream.on('error', (error: unknown) => reject(engineError(error, 'push')));
    signal.addEventListener('abort', () => reject(new AppError('canceled', phrase('builds.errors.canceledBuild'))), { once: true });
  });
  function handle(line: string): void {
    if (!line.trim()) return;
    let message: { status?: string; id?: string; error?: string; errorDetail?: { message?: string }; aux?: { Digest?: string; Tag?: string } };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    if (message.error) failure = message.errorDetail?.message ?? message.error;
    else if (message.aux?.Digest) digest = message.aux.Digest;
    else if (message.status && flavour === 'podman' && digestLine.test(message.status)) {
      // Podman sends no aux message: the digest comes only in the CLI's closing line.
      digest ??= digestLine.exec(message.status)?.[1];
      log(message.status);
    } else if (message.status) {
      const key = message.id ?? '';
      if (seen.get(key) === message.status) return;
      seen.set(key, message.status);
      if (/^(Preparing|Waiting|Pushing)$/.test(message.status)) return;
      log(message.id ? `${message.id}: ${message.status}` : message.status);
    }
  }
  if (failure) throw pushFailure(failure, repository);
  if (!digest) throw new AppError('remote_error', phrase('builds.push.noDigest', { reference }), phrase('builds.push.retry'));
  return digest;
}

/** `latest: digest: sha256:… size: 891`, the closing status line of a push. */
const digestLine = /^\S+: digest: (sha256:[0-9a-f]{64}) size: \d+$/;

/**
 * Docker treats registries on 127.0.0.0/8 as insecure-allowed (plain HTTP, or TLS without checks);
 * Podman checks TLS everywhere unless told: it is told the same for loopback registries only, so
 * a registry on this machine works on both builders alike.
 */
export function pushQuery(flavour: EngineFlavour, tag: string, registryHost: string): Record<string, string | boolean> {
  return flavour === 'podman' && isLoopbackHost(registryHost) ? { tag, tlsVerify: false } : { tag };
}

export function isLoopbackHost(registryHost: string): boolean {
  const host = registryHost.startsWith('[') ? registryHost.slice(1, registryHost.indexOf(']')) : registryHost.replace(/:\d+$/, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** denied (no permission) and unauthorized (wrong login) need different fixes. */
export function pushFailure(message: string, repository: string): AppError {
  const registry = repository.split('/')[0] ?? repository;
  if (/unauthorized|authentication required|no basic auth credentials/i.test(message)) {
    return new AppError('unauthorized', phrase('builds.push.unauthorized', { registry, detail: message }), phrase('builds.push.unauthorizedHint'));
  }
  if (/denied|forbidden|insufficient_scope/i.test(message)) {
    return new AppError('forbidden', `${registry} denied the push to ${repository}: ${message}`, 'The login works but may not push here: give the account push rights on this repository or namespace, or create the repository first.');
  }
  if (/connection refused|no such host|i\/o timeout|dial tcp/i.test(message)) {
    return new AppError('unreachable', phrase('builds.push.unreachable', { registry, detail: message }), phrase('builds.push.unreachableHint'));
  }
  if (/certificate|x509|http: server gave HTTP response to HTTPS client/i.test(message)) {
    return new AppError('tls', phrase('builds.push.tls', { registry, detail: message }), phrase('builds.push.tlsHint'));
  }
  return new AppError('remote_error', phrase('builds.push.failed', { registry, detail: message }), phrase('builds.push.failedHint'));
}

function parsePlatform(platform: string): { os: string; architecture: string; variant?: string } {
  const [os = 'linux', architecture = 'amd64', variant] = platform.split('/');
  return variant ? { os, architecture, variant } : { os, architecture };
}

/**
 * Joins per-platform images (already pushed, by digest) into one manifest list under `tag`, so a
 * pull on any platform gets its own image. The children stay in the registry untagged.
 */
export async function putIndex(client: RegistryClient, repositoryPath: string, tag: string, children: readonly { platform: string; digest: string }[]): Promise<string> {
  const manifests: Descriptor[] = [];
  for (const child of children) {
    const { mediaType, bytes } = await client.getManifest(repositoryPath, child.digest);
    manifests.push({ mediaType, digest: child.digest, size: bytes.length, platform: parsePlatform(child.platform) });
  }
  const dockerChildren = manifests.every((m) => m.mediaType === mediaTypes.dockerManifest);
  const mediaType = dockerChildren ? mediaTypes.dockerList : mediaTypes.ociIndex;
  const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, manifests }));
  return client.putManifest(repositoryPath, tag, body, mediaType);
}
