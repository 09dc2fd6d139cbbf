import { createHash, randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';

/** One request as the emulator saw it: tests assert no token ever rode in a URL. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
}

export interface Emulator {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

export interface Ctx {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: string[];
  readonly body: Buffer;
  /** Form or JSON body fields, whichever was sent. */
  fields(): Record<string, string>;
  json(status: number, value: unknown, headers?: Record<string, string>): void;
  html(status: number, body: string): void;
  redirect(location: string): void;
  empty(status: number): void;
}

export type Route = readonly [method: string, path: RegExp, handler: (ctx: Ctx) => void | Promise<void>];

export interface TlsFiles {
  readonly certPath: string;
  readonly keyPath: string;
}

/** A loopback HTTP(S) server dispatching to regex routes; unknown routes answer 404 JSON. */
export async function startEmulator(routes: readonly Route[], tls?: TlsFiles): Promise<Emulator> {
  const seen: SeenRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://emulator');
      seen.push({ method: req.method ?? 'GET', url: req.url ?? '/', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      const body = Buffer.concat(chunks);
      const ctx: Ctx = {
        req,
        res,
        url,
        params: [],
        body,
        fields() {
          const text = body.toString('utf8');
          if ((req.headers['content-type'] ?? '').includes('json')) {
            const parsed = JSON.parse(text || '{}') as Record<string, unknown>;
            return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
          }
          return Object.fromEntries(new URLSearchParams(text));
        },
        json(status, value, headers = {}) {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
          res.end(JSON.stringify(value));
        },
        html(status, text) {
          res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
          res.end(text);
        },
        redirect(location) {
          res.writeHead(302, { location });
          res.end();
        },
        empty(status) {
          res.writeHead(status);
          res.end();
        },
      };
      for (const [method, path, handle] of routes) {
        const match = method === req.method ? path.exec(url.pathname) : null;
        if (!match) continue;
        (ctx.params as string[]).push(...match.slice(1).map((p) => decodeURIComponent(p ?? '')));
        Promise.resolve(handle(ctx)).catch((error: unknown) => ctx.json(500, { message: String(error) }));
        return;
      }
      ctx.json(404, { message: 'Not Found' });
    });
  };
  const server: Server = tls ? createHttpsServer({ cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function token(prefix: string): string {
  return `${prefix}${randomBytes(18).toString('hex')}`;
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** A loopback redirect URI as RFC 8252 describes it. */
export function isLoopbackCallback(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && u.hostname === '127.0.0.1' && u.pathname === '/callback';
  } catch {
    return false;
  }
}

/** The provider's consent page: one Authorize and one Cancel button, as a form the browser posts. */
export function consentPage(title: string, action: string, hidden: Record<string, string>): string {
  const inputs = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main>
<h1>${title}</h1><p>Slipway (test) would like to access your repositories.</p>
<form method="post" action="${action}">${inputs}<button type="submit" name="decision" value="allow">Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button></form></main></body></html>`;
}

/** Pages a list like ?page=&per_page= APIs do. */
export function paginate<T>(all: readonly T[], url: URL, sizeParam = 'per_page', pageParam = 'page', fallback = 30): { items: T[]; page: number; hasNext: boolean; lastPage: number } {
  const size = Math.min(100, Math.max(1, Number(url.searchParams.get(sizeParam) ?? fallback) || fallback));
  const page = Math.max(1, Number(url.searchParams.get(pageParam) ?? 1) || 1);
  const start = (page - 1) * size;
  return { items: all.slice(start, start + size), page, hasNext: all.length > start + size, lastPage: Math.max(1, Math.ceil(all.length / size)) };
}

/** GitHub's and Gitee's `Link` header. */
export function linkHeader(base: string, url: URL, page: number, hasNext: boolean, lastPage: number): Record<string, string> {
  if (!hasNext && page === 1) return {};
  const at = (p: number) => {
    const u = new URL(url.pathname + url.search, base);
    u.searchParams.set('page', String(p));
    return u.toString();
  };
  const parts = [];
  if (hasNext) parts.push(`<${at(page + 1)}>; rel="next"`, `<${at(lastPage)}>; rel="last"`);
  if (page > 1) parts.push(`<${at(page - 1)}>; rel="prev"`, `<${at(1)}>; rel="first"`);
  return { link: parts.join(', ') };
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization ?? '';
  const m = /^(?:token|bearer)\s+(.+)$/i.exec(h);
  return m?.[1];
}

export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}
