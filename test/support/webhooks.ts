import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCore, type Core } from '../../src/main/core';
import { createKeyFileVault } from '../../src/main/core/secrets/key-file-vault';
import { createFilePreferences } from '../../src/main/core/settings/file-preferences';
import type { DeliveryPolicy } from '../../src/main/core/webhooks/policy';
import type { Channel, MethodInput, MethodOutput } from '../../src/shared/contract';
import { tempDir } from './temp';

/** Fast retries so a four-attempt delivery takes well under a second. */
export const fastPolicy: Partial<DeliveryPolicy> = { baseDelayMs: 40, maxDelayMs: 200, timeoutMs: 2000, maxAttempts: 5 };

export function webhookCore(dataDir: string = tempDir(), policy: Partial<DeliveryPolicy> = fastPolicy): Core {
  return createCore({
    host: 'headless',
    version: '0.0.0-test',
    dataDir,
    vault: createKeyFileVault(join(dataDir, 'vault.key')),
    preferences: createFilePreferences(dataDir),
    env: { DOCKER_CONFIG: dataDir, DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}` },
    webhookPolicy: policy,
  });
}

export async function ok<C extends Channel>(core: Core, channel: C, input: MethodInput<C>): Promise<MethodOutput<C>> {
  const r = await core.call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.result as MethodOutput<C>;
}

/** A registry, a namespace and an image repository to hang webhooks on. */
export async function imageRepository(core: Core): Promise<MethodOutput<'repositories:create'>> {
  const registry = await ok(core, 'registries:create', { name: 'Local', endpoint: 'localhost:5000', insecure: true });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'lj', defaultRepositoryType: 'public' });
  return ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'demo' });
}

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
}

export interface ScriptedReceiver {
  readonly url: string;
  readonly requests: Received[];
  /** Answers from now on; the last one repeats. */
  script(statuses: readonly number[]): void;
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback that answers with the scripted status codes in turn. */
export async function scriptedReceiver(statuses: readonly number[], answerBody: (req: Received) => string = (r) => `{"status":${r.status}}`): Promise<ScriptedReceiver> {
  let queue = [...statuses];
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = queue.length > 1 ? (queue.shift() ?? 200) : (queue[0] ?? 200);
      const received: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status };
      requests.push(received);
      const body = answerBody(received);
      res.writeHead(status, { 'Content-Type': 'application/json', 'X-Test-Receiver': 'yes' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    script(next) {
      queue = [...next];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls until the check passes; fails with the last state after `ms`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
