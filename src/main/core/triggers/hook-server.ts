import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ActivityLog } from './activity-log';
import { firstLine, type RefChange } from './dispatcher';
import { detectProvider, isPushEvent, pushChanges, verifyHook, type HookProvider } from './hook-verify';
import { phrase } from '../../../shared/i18n/phrase';

export interface HookServerDeps {
  /** The repository's hook secret; null when the repository has none (or does not exist). */
  readonly secretFor: (repositoryId: string) => string | null;
  readonly handle: (repositoryId: string, changes: readonly RefChange[]) => Promise<unknown>;
  readonly activity: ActivityLog;
  readonly log?: (line: string) => void;
}

/** GitHub caps a delivery at 25 MB; nothing larger is a push. */
const maxBody = 25 * 1024 * 1024;
const hookPath = /^\/hooks\/([A-Za-z0-9-]{1,64})\/?$/;

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/**
 * The inbound push-hook receiver: a small HTTP listener in core, on the port set in Settings
 * (0, the default, keeps it off), on loopback unless the user opens it to the LAN. A provider that
 * can reach it (a LAN GitLab, or a tunnel to loopback) POSTs to /hooks/<repository id>; each
 * delivery is verified against that repository's secret before anything is read from it, then
 * becomes the same ref changes the watcher produces. It answers 202 at once and dispatches after,
 * so a slow mirror fetch never makes the provider time out and retry.
 */
export class HookServer {
  #server: Server | null = null;
  readonly #refusedAt = new Map<string, number>();

  constructor(private readonly deps: HookServerDeps) {}

  get port(): number | null {
    const address = this.#server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  async listen(port: number, host: string): Promise<number> {
    await this.close();
    const server = createServer((req, res) => {
      this.#request(req, res).catch((error: unknown) => {
        this.deps.log?.(`hook receiver: ${firstLine(error)}`);
        if (!res.headersSent) reply(res, 500, { error: 'internal error' });
      });
    });
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    return this.port ?? port;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = hookPath.exec(new URL(req.url ?? '/', 'http://hook.invalid').pathname);
    if (!match) return reply(res, 404, { error: 'Slipway receives push hooks at /hooks/<repository id>.' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'Push hooks are POST requests.' });
    const repositoryId = match[1] ?? '';
    const secret = this.deps.secretFor(repositoryId);
    if (!secret) return reply(res, 404, { error: 'No push hook is set up for this repository in Slipway.' });
    const provider = detectProvider(req.headers);
    if (!provider) return reply(res, 400, { error: 'Not a GitHub, GitLab, Gitee or Bitbucket push hook (no event header).' });

    const body = await readBody(req);
    if (!body) return reply(res, 413, { error: 'The delivery is larger than 25 MB.' });
    const verdict = verifyHook(provider, req.headers, body, secret);
    if (!verdict.ok) {
      // Written at most once a minute per repository: someone probing the port cannot flood the activity.
      const now = Date.now();
      if (now - (this.#refusedAt.get(repositoryId) ?? 0) >= 60_000) {
        this.#refusedAt.set(repositoryId, now);
        this.deps.activity.add(repositoryId, 'hook.refused', phrase('triggers.activity.hookRefused', { provider: providerName(provider), reason: verdict.reason }));
      }
      return reply(res, 401, { error: `Refused: ${verdict.reason}.` });
    }
    if (!isPushEvent(provider, req.headers)) return reply(res, 200, { ignored: 'not a push event' });

    let payload: unknown;
    try {
      payload = parsePayload(req.headers['content-type'], body);
    } catch {
      return reply(res, 400, { error: 'The delivery is not JSON.' });
    }
    const changes = pushChanges(provider, payload);
    reply(res, 202, { accepted: changes.length });
    if (changes.length > 0) {
      this.deps.handle(repositoryId, changes).catch((error: unknown) => this.deps.log?.(`hook receiver: ${repositoryId}: ${firstLine(error)}`));
    }
  }
}

function providerName(provider: HookProvider): string {
  return { github: 'GitHub', gitlab: 'GitLab', gitee: 'Gitee', bitbucket: 'Bitbucket' }[provider];
}

function parsePayload(contentType: string | undefined, body: Buffer): unknown {
  // GitHub can be set to send form-encoded deliveries: the JSON is then the `payload` field.
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    return JSON.parse(new URLSearchParams(body.toString('utf8')).get('payload') ?? '');
  }
  return JSON.parse(body.toString('utf8'));
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBody) {
      req.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
