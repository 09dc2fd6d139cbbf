import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './temp';

/**
 * A real git smart-HTTP server: Node in front of `git http-backend` (CGI), on a loopback port.
 * Optional Basic auth per server, as GitHub/GitLab ask for a token, and optional HTTPS with a test
 * certificate (a self-managed host with a private CA). Every request is recorded, so a test can
 * assert that no credential ever travelled in a URL.
 */
export interface GitServer {
  readonly url: string;
  readonly root: string;
  readonly requests: { method: string; url: string; authorization: string | undefined; userAgent: string | undefined }[];
  /** TCP connections accepted so far: how many requests shared a kept-alive connection. */
  readonly connections: number;
  /** Creates an empty bare repository `name` (owner/repo) and returns its clone URL. */
  createRepo(name: string): string;
  /** Commits files into `name`'s branch and pushes them; returns the new commit id. */
  commit(name: string, branch: string, files: Record<string, string | Buffer | null>, message?: string): string;
  /** Points a tag at a commit and pushes it: lightweight, or annotated when given a message. */
  tag(name: string, tag: string, commit: string, annotation?: string): void;
  deleteBranch(name: string, branch: string): void;
  /**
   * From now on, holds every fetch request (POST …/git-upload-pack) unanswered: a host that stalls
   * mid-fetch. `held` counts the requests waiting; release() answers them and ends the stall.
   */
  stallFetches(): { readonly held: number; release(): void };
  stop(): Promise<void>;
}

export interface GitServerOptions {
  /** Serve HTTPS with this certificate (see certs.ts). */
  readonly tls?: { readonly certPath: string; readonly keyPath: string };
  /** false: the client's Git-Protocol header is not passed on, so git answers with the v0 advertisement (an older server). */
  readonly protocolV2?: boolean;
  /** Serve the repositories as static files (git's dumb HTTP protocol), as a plain web server would. */
  readonly dumb?: boolean;
}

const gitEnv = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid', GIT_CONFIG_NOSYSTEM: '1', HOME: '/nonexistent' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...gitEnv }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export async function startGitServer(auth?: { username: string; password: string }, options: GitServerOptions = {}): Promise<GitServer> {
  const root = tempDir('slipway-git-');
  const work = tempDir('slipway-git-work-');
  const requests: GitServer['requests'] = [];
  let stall: { held: (() => void)[] } | null = null;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, userAgent: req.headers['user-agent'] });
    if (stall && req.method === 'POST' && (req.url ?? '').split('?')[0]?.endsWith('/git-upload-pack')) {
      stall.held.push(() => serve(req, res));
      return;
    }
    serve(req, res);
  };
  const running = new Set<ChildProcess>();
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    // A held request whose client gave up meanwhile (a canceled fetch) gets nothing: a CGI started
    // now would wait for a request body that never comes, and keep the test process alive.
    if (req.destroyed || res.destroyed || req.socket.destroyed) return;
    if (options.dumb) return serveStatic(req, res);
    if (auth) {
      const expected = 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end('authentication required');
        return;
      }
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cgi = spawn('/usr/lib/git-core/git-http-backend', [], {
      env: {
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: auth?.username ?? '',
        REMOTE_ADDR: '127.0.0.1',
        HTTP_GIT_PROTOCOL: options.protocolV2 === false ? '' : String(req.headers['git-protocol'] ?? ''),
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
      },
    });
    running.add(cgi);
    cgi.on('exit', () => running.delete(cgi));
    cgi.stdin.on('error', () => undefined);
    req.pipe(cgi.stdin);
    // CGI output: headers, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const i = line.indexOf(':');
        const key = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (/^status$/i.test(key)) status = Number.parseInt(value, 10);
        else headers[key] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => res.end());
    cgi.on('error', () => res.destroy());
    // A client that gave up (a canceled fetch) must not leave the CGI waiting on its input.
    res.on('close', () => cgi.kill());
  };
  const serveStatic = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (req.method !== 'GET' || path.split('/').includes('..')) return void res.writeHead(404).end();
    const repo = /^(.*\.git)\/info\/refs$/.exec(path)?.[1];
    // A dumb server only has what `git update-server-info` wrote after the last push.
    if (repo) git(join(root, repo), 'update-server-info');
    try {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(readFileSync(join(root, path)));
    } catch {
      res.writeHead(404).end();
    }
  };
  const server: Server = options.tls ? createHttpsServer({ cert: readFileSync(options.tls.certPath), key: readFileSync(options.tls.keyPath) }, handler) : createServer(handler);
  let connections = 0;
  server.on(options.tls ? 'secureConnection' : 'connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  const checkout = (name: string): string => {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    try {
      git(dir, 'rev-parse', '--git-dir');
    } catch {
      git(dir, 'init', '-q');
      git(dir, 'remote', 'add', 'origin', join(root, `${name}.git`));
    }
    return dir;
  };

  return {
    url,
    root,
    requests,
    get connections() {
      return connections;
    },
    createRepo(name) {
      const bare = join(root, `${name}.git`);
      mkdirSync(bare, { recursive: true });
      git(bare, 'init', '-q', '--bare');
      git(bare, 'config', 'http.receivepack', 'true');
      return `${url}/${name}.git`;
    },
    commit(name, branch, files, message = `change ${Object.keys(files).join(', ')}`) {
      const dir = checkout(name);
      try {
        git(dir, 'fetch', '-q', 'origin', branch);
        git(dir, 'checkout', '-q', '-f', '-B', branch, 'FETCH_HEAD');
      } catch {
        git(dir, 'checkout', '-q', '-f', '--orphan', branch);
        try {
          git(dir, 'rm', '-rqf', '.');
        } catch {
          // an empty index
        }
      }
      // Files of the branch committed before must not leak into this one.
      git(dir, 'clean', '-qfd');
      for (const [path, content] of Object.entries(files)) {
        const file = join(dir, path);
        if (content === null) {
          git(dir, 'rm', '-q', '--', path);
          continue;
        }
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
        git(dir, 'add', '--', path);
      }
      git(dir, 'commit', '-q', '--allow-empty', '-m', message);
      git(dir, 'push', '-q', '--force', 'origin', `HEAD:refs/heads/${branch}`);
      return git(dir, 'rev-parse', 'HEAD');
    },
    tag(name, tag, commit, annotation) {
      const dir = checkout(name);
      git(dir, 'fetch', '-q', 'origin', commit);
      if (annotation === undefined) return void git(dir, 'push', '-q', 'origin', `${commit}:refs/tags/${tag}`);
      git(dir, 'tag', '-f', '-a', tag, '-m', annotation, commit);
      git(dir, 'push', '-q', '-f', 'origin', `refs/tags/${tag}:refs/tags/${tag}`);
    },
    deleteBranch(name, branch) {
      git(checkout(name), 'push', '-q', 'origin', `:refs/heads/${branch}`);
    },
    stallFetches() {
      const current = { held: [] as (() => void)[] };
      stall = current;
      return {
        get held() {
          return current.held.length;
        },
        release() {
          if (stall === current) stall = null;
          for (const answer of current.held.splice(0)) answer();
        },
      };
    },
    stop: () =>
      new Promise((resolve) => {
        if (stall) for (const answer of stall.held.splice(0)) answer();
        stall = null;
        server.closeAllConnections();
        for (const cgi of running) cgi.kill();
        server.close(() => resolve());
      }),
  };
}

/** Convenience for tests that need a file tree quickly. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}
