import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CallResult } from '../../shared/contract';
import type { ErrorEnvelope } from '../../shared/errors';
import type { Core } from '../core';
import { contentSecurityPolicy } from '../../shared/csp';
import { RequestGuard, wsProtocol, wsTokenPrefix } from './guard';
import { serveStatic } from './static-files';
import { readBody } from '../core/http/read-body';

/** What the host needs of a core: one door for calls, and the bus its events come from. */
export type HostCore = Pick<Core, 'call' | 'bus'>;

export interface HostOptions {
  /**
   * Or a loader, when the host listens before the core is read (issue 15): the page and its files go
   * out at once, and the core is read once the page says its first frame is painted (POST /api/warm),
   * at the first call at the latest, or when the caller calls `loadCore`; calls wait for it, event
   * sockets hear events once it is there.
   */
  readonly core: HostCore | (() => Promise<HostCore>);
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  readonly port?: number;
  /** Fixed only in tests that need to know it in advance; otherwise random per start. */
  readonly token?: string;
}

export interface RunningHost {
  readonly port: number;
  /** Starts loading the core now if nothing has yet (a loader given as `core`); resolves once it is there. */
  loadCore(): Promise<void>;
  /** Resolves once `ms` have passed without a request arriving: the page has what it asked for. */
  quiet(ms: number): Promise<void>;
  readonly token: string;
  /** Open this to use the app: the token travels in the fragment, which browsers never send. */
  readonly url: string;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
/**
 * No Cross-Origin-Opener-Policy: Chromium puts a page that sends one in a new browsing context
 * group, which means a new renderer process for the tab, ~120 ms of every start here (heading 0.85×
 * without it; bench/startup.ts, issue 15). What it guards against is a page that opened this one
 * keeping a handle on its window; the page is opened from the printed address, holds no secret a
 * cross-origin handle can read, and is framed by nobody (X-Frame-Options, CSP).
 */
const securityHeaders: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const guard = new RequestGuard(token);
  const sockets = new Set<WebSocket>();
  let loading: Promise<HostCore> | undefined;
  const source = options.core;
  const loadCore = (): Promise<HostCore> => (loading ??= typeof source === 'function' ? source() : Promise.resolve(source));

  // Files being sent: the core's read holds this thread, and a file read in pieces waits for it.
  let filesInFlight = 0;
  const filesServed: (() => void)[] = [];
  const afterFilesServed = (): Promise<void> => (filesInFlight === 0 ? Promise.resolve() : new Promise((resolve) => filesServed.push(resolve)));

  let lastRequestAt = Date.now();
  const quiet = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        const still = lastRequestAt + ms - Date.now();
        if (still <= 0) resolve();
        else setTimeout(check, still);
      };
      check();
    });

  const server = createServer((req, res) => {
    lastRequestAt = Date.now();
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, failure({ code: 'internal', message: 'The host failed to answer.' }));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!guard.hostAllowed(req)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...securityHeaders, allow: 'GET, HEAD' }).end();
      return;
    }
    filesInFlight += 1;
    res.once('close', () => {
      filesInFlight -= 1;
      if (filesInFlight === 0) for (const served of filesServed.splice(0)) served();
    });
    await serveStatic(options.staticDir, url.pathname, res, securityHeaders, req.headers['accept-language']);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!guard.originAllowed(req)) {
      sendJson(res, 403, failure({ code: 'unauthenticated', message: 'Requests from other web pages are refused.' }));
      return;
    }
    if (!guard.tokenMatches(guard.bearer(req))) {
      sendJson(res, 401, failure({ code: 'unauthenticated', message: 'The session token is missing or wrong.', hint: 'Open the address the Slipway host printed when it started.' }));
      return;
    }
    if (url.pathname === '/api/warm' && req.method === 'POST') {
      // The boot script's word that the window's first frame is painted and the app's files are
      // asked for: the core is read once they are sent, while the app's script compiles. Read
      // earlier, it took one of the two cores here from the first paint (heading 1.11× later); read
      // while they were sent, the app's script came ~90 ms later. Read at the first call, the calls
      // wait for it: on these 2 cores that measured the same, but with cores to spare the core is
      // ready when they come (issue 15).
      void afterFilesServed().then(whenLoaded);
      res.writeHead(204, { ...securityHeaders, 'cache-control': 'no-store' }).end();
      return;
    }
    if (url.pathname === '/api/calls' && req.method === 'POST') {
      await handleCalls(req, res);
      return;
    }
    const channel = url.pathname.startsWith('/api/call/') ? url.pathname.slice('/api/call/'.length) : '';
    if (req.method !== 'POST' || !channelName.test(channel)) {
      sendJson(res, 404, failure({ code: 'unknown_method', message: 'No such endpoint.' }));
      return;
    }
    const read = await readJson(req, res);
    if (!read) return;
    void whenLoaded();
    sendJson(res, 200, await (await loadCore()).call(channel, read.value));
  }

  /**
   * Calls the page made together, in one request (issue 15): a browser opens six connections per
   * host, and calls waiting for the core each held one, so the chunks of the page asked for waited
   * behind them. Each answer is one line, written as soon as it is ready: a slow call does not hold
   * the others.
   */
  async function handleCalls(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readJson(req, res);
    if (!read) return;
    const calls = batchOf(read.value);
    if (!calls) {
      sendJson(res, 400, failure({ code: 'invalid_input', message: `A batch is {"calls": [{"channel", "input"}, …]} with 1 to ${maxBatch} calls.` }));
      return;
    }
    void whenLoaded();
    const ready = await loadCore();
    res.writeHead(200, { ...securityHeaders, 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
    await Promise.all(
      calls.map(async ({ channel, input }, i) => {
        const result = await ready.call(channel, input).catch(() => failure({ code: 'internal', message: 'The host failed to answer.' }));
        if (!res.destroyed) res.write(`${JSON.stringify({ i, result })}\n`);
      }),
    );
    res.end();
  }

  /** The JSON body of a call, or undefined once the refusal is sent. */
  async function readJson(req: IncomingMessage, res: ServerResponse): Promise<{ readonly value: unknown } | undefined> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      // Also keeps "simple" cross-site form posts out: they cannot send application/json.
      sendJson(res, 415, failure({ code: 'invalid_input', message: 'Calls must be JSON.' }));
      return undefined;
    }
    const body = await readBody(req, maxBodyBytes).catch(() => '');
    if (body === null) {
      sendJson(res, 413, failure({ code: 'invalid_input', message: 'The request is too large.' }));
      return undefined;
    }
    try {
      return { value: JSON.parse(body) as unknown };
    } catch {
      sendJson(res, 400, failure({ code: 'invalid_input', message: 'The request body is not valid JSON.' }));
      return undefined;
    }
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(wsProtocol) ? wsProtocol : false),
  });

  server.on('upgrade', (req, socket, head) => {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const tokenProtocol = offered.find((p) => p.startsWith(wsTokenPrefix));
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const allowed =
      path === '/api/events' &&
      guard.hostAllowed(req) &&
      guard.originAllowed(req) &&
      offered.includes(wsProtocol) &&
      guard.tokenMatches(tokenProtocol?.slice(wsTokenPrefix.length));
    // A reset before ws takes the socket over would otherwise be an unhandled error event.
    socket.on('error', () => socket.destroy());
    if (!allowed) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A malformed frame (too large, unmasked, a reserved close code…) surfaces here after ws has
      // already sent the matching close code; unhandled, it would end the whole host process.
      ws.on('error', () => {
        sockets.delete(ws);
        ws.terminate();
      });
      // The renderer only listens; anything it sends is ignored rather than trusted.
      ws.on('message', () => undefined);
    });
  });

  let unsubscribe: () => void = () => undefined;
  let closed = false;
  let subscribed: Promise<void> | undefined;
  // Events flow once the core is there; a core that failed to load is the caller's to report (calls
  // then answer 500 through handle's catch).
  const whenLoaded = (): Promise<void> =>
    (subscribed ??= loadCore().then(
      (ready) => {
        if (closed) return;
        unsubscribe = ready.bus.subscribe((message) => {
          const data = JSON.stringify(message);
          for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(data);
        });
      },
      () => undefined,
    ));
  if (typeof source !== 'function') void whenLoaded();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  guard.listenOn(port);

  return {
    port,
    token,
    loadCore: () => whenLoaded().then(() => loadCore()).then(() => undefined),
    quiet,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    async close() {
      closed = true;
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A channel's name as calls carry it, alone in `/api/call/<channel>` or in a batch. */
const channelName = /^[a-z][A-Za-z]*:[a-z][A-Za-z]*$/;
const maxBatch = 32;

/** The calls of a batch, or undefined when it is not one; what each channel takes is the core's to check. */
function batchOf(value: unknown): { readonly channel: string; readonly input: unknown }[] | undefined {
  const calls = typeof value === 'object' && value !== null ? (value as { calls?: unknown }).calls : undefined;
  if (!Array.isArray(calls) || calls.length === 0 || calls.length > maxBatch) return undefined;
  const batch: { channel: string; input: unknown }[] = [];
  for (const call of calls as unknown[]) {
    const channel = typeof call === 'object' && call !== null ? (call as { channel?: unknown }).channel : undefined;
    if (typeof channel !== 'string' || !channelName.test(channel)) return undefined;
    batch.push({ channel, input: (call as { input?: unknown }).input });
  }
  return batch;
}

function failure(error: ErrorEnvelope): CallResult<never> {
  return { ok: false, error };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { ...securityHeaders, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(data)) });
  res.end(data);
}
