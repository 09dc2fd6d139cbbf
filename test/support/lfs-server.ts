import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { GitServer } from './git-server';

/**
 * Git LFS in front of a test git server: the batch API (`<repo>.git/info/lfs/objects/batch`) and
 * basic-transfer downloads served from memory, every other request passed through to git
 * http-backend. Same optional Basic auth; every request recorded.
 */
export interface LfsFront {
  readonly url: string;
  readonly requests: { method: string; url: string; authorization: string | undefined }[];
  /** Stores content as an LFS object and returns the pointer file to commit in its place. */
  store(content: Buffer): string;
  stop(): Promise<void>;
}

export async function startLfsFront(git: GitServer, auth?: { username: string; password: string }): Promise<LfsFront> {
  const objects = new Map<string, Buffer>();
  const requests: LfsFront['requests'] = [];
  const expected = auth ? 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64') : undefined;
  const backend = new URL(git.url);
  let self = '';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.endsWith('/info/lfs/objects/batch') || path.startsWith('/lfs-objects/')) {
      if (expected && req.headers.authorization !== expected) return void res.writeHead(401, { 'Content-Type': 'application/vnd.git-lfs+json' }).end('{"message":"credentials needed"}');
      if (req.method === 'GET') {
        const content = objects.get(path.slice('/lfs-objects/'.length));
        return void (content ? res.writeHead(200, { 'Content-Length': String(content.length) }).end(content) : res.writeHead(404).end());
      }
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { objects: { oid: string; size: number }[] };
        const answer = body.objects.map((o) =>
          objects.has(o.oid)
            ? { oid: o.oid, size: o.size, actions: { download: { href: `${self}/lfs-objects/${o.oid}` } } }
            : { oid: o.oid, size: o.size, error: { code: 404, message: 'Object does not exist' } },
        );
        res.writeHead(200, { 'Content-Type': 'application/vnd.git-lfs+json' }).end(JSON.stringify({ transfer: 'basic', objects: answer }));
      });
      return;
    }
    const upstream = request({ host: backend.hostname, port: backend.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  self = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: self,
    requests,
    store(content) {
      const oid = createHash('sha256').update(content).digest('hex');
      objects.set(oid, content);
      return `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n`;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
