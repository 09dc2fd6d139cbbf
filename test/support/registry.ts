import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { makeServerCertificate } from './certs';
import { freePort } from './ports';
import { startTokenServer, type RunningTokenServer } from './token-server';

export interface TestUser {
  readonly username: string;
  readonly password: string;
}

export interface RunningRegistry {
  /** 127.0.0.1:PORT, as Slipway stores a registry address. */
  readonly host: string;
  readonly url: string;
  readonly tls: boolean;
  readonly caCertPem?: string;
  readonly users: readonly TestUser[];
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** 'htpasswd' adds Basic auth (distribution serves it over plain HTTP too; the engine sends it to loopback registries); 'token' a Bearer token service. */
  readonly auth?: 'none' | 'htpasswd' | 'token';
  readonly tls?: boolean;
  readonly users?: readonly TestUser[];
  /** Token mode: users who may only pull. */
  readonly pullOnlyUsers?: readonly TestUser[];
}

const defaultUsers: readonly TestUser[] = [{ username: 'alice', password: 'alice-registry-pw-41c9' }];

/**
 * A real Debian `docker-registry` (distribution 2.x) on a free loopback port with its own storage;
 * stopped and removed by stop(). Reused by registry, build and docker-login tests.
 */
export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  // Removed by stop(), not by a test hook: a registry may outlive the hook that started it.
  const dir = mkdtempSync(join(tmpdir(), 'slipway-registry-'));
  const port = await freePort();
  const users = options.users ?? defaultUsers;
  const lines = ['version: 0.1', 'log:', '  level: error', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`, '  delete:', '    enabled: true', 'http:', `  addr: 127.0.0.1:${port}`];
  mkdirSync(join(dir, 'data'));
  let caCertPem: string | undefined;
  if (options.tls) {
    const certs = makeServerCertificate(dir);
    caCertPem = certs.caPem;
    lines.push('  tls:', `    certificate: ${certs.certPath}`, `    key: ${certs.keyPath}`);
  }
  if (options.auth === 'htpasswd') {
    const file = join(dir, 'htpasswd');
    writeFileSync(file, users.map((u) => execFileSync('htpasswd', ['-Bbn', u.username, u.password], { encoding: 'utf8' }).trim()).join('\n') + '\n');
    lines.push('auth:', '  htpasswd:', '    realm: slipway-test', `    path: ${file}`);
  }
  let tokens: RunningTokenServer | undefined;
  if (options.auth === 'token') {
    tokens = await startTokenServer(dir, [
      ...users.map((u) => ({ ...u, actions: ['pull', 'push'] as const })),
      ...(options.pullOnlyUsers ?? []).map((u) => ({ ...u, actions: ['pull'] as const })),
    ]);
    lines.push('auth:', '  token:', `    realm: ${tokens.realm}`, `    service: ${tokens.service}`, `    issuer: ${tokens.issuer}`, `    rootcertbundle: ${tokens.certPath}`);
  }
  const config = join(dir, 'config.yml');
  writeFileSync(config, lines.join('\n') + '\n');
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  await waitUntilServing(url, caCertPem, child, () => stderr);
  return {
    host: `127.0.0.1:${port}`,
    url,
    tls: Boolean(options.tls),
    ...(caCertPem ? { caCertPem } : {}),
    users,
    stop: async () => {
      await stop(child);
      await tokens?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilServing(url: string, ca: string | undefined, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr()}`);
    const up = await new Promise<boolean>((resolve) => {
      const request = url.startsWith('https') ? httpsRequest : httpRequest;
      const req = request(`${url}/v2/`, { ...(ca ? { ca } : {}), timeout: 500 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`docker-registry did not start within 10 s: ${stderr()}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

/**
 * What the registry itself says it holds for a repository path (`team/app`): its tags, empty when
 * the repository does not exist there at all (distribution answers 404 NAME_UNKNOWN).
 */
export async function registryTags(registry: RunningRegistry, repositoryPath: string): Promise<string[]> {
  const res = await registryGet(registry, `/v2/${repositoryPath}/tags/list`);
  if (res.status === 404) return [];
  if (res.status !== 200) throw new Error(`tags/list answered ${res.status}: ${res.body}`);
  return (JSON.parse(res.body) as { tags: string[] | null }).tags ?? [];
}

/** The HTTP status of a manifest by tag (200 present, 404 absent), as a pull would see it. */
export async function manifestStatus(registry: RunningRegistry, repositoryPath: string, tag: string): Promise<number> {
  return (await registryGet(registry, `/v2/${repositoryPath}/manifests/${tag}`, 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json')).status;
}

function registryGet(registry: RunningRegistry, path: string, accept = 'application/json'): Promise<{ status: number; body: string }> {
  const user = registry.users[0];
  const headers: Record<string, string> = { accept };
  // Sent to open registries too: they ignore it.
  if (user) headers.authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const request = registry.tls ? httpsRequest : httpRequest;
    const req = request(`${registry.url}${path}`, { headers, timeout: 10_000, ...(registry.caCertPem ? { ca: registry.caCertPem } : {}) }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.end();
  });
}
