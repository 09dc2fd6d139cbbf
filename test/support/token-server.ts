import { createSign, randomUUID, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

export interface TokenUser {
  readonly username: string;
  readonly password: string;
  /** What this user may do on every repository. */
  readonly actions: readonly ('pull' | 'push')[];
}

export interface RunningTokenServer {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** The signing certificate: docker-registry's rootcertbundle. */
  readonly certPath: string;
  stop(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * A token service as Docker's token authentication spec describes it: Basic credentials in, a JWT
 * (RS256, with the signing certificate in x5c) granting the intersection of the asked scope and
 * the user's rights out. Anonymous callers get a token that grants nothing.
 */
export async function startTokenServer(dir: string, users: readonly TokenUser[]): Promise<RunningTokenServer> {
  const keyPath = join(dir, 'token.key');
  const certPath = join(dir, 'token.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=Slipway test token issuer'], { stdio: 'pipe' });
  const key = readFileSync(keyPath, 'utf8');
  const der = new X509Certificate(readFileSync(certPath)).raw;
  const service = 'slipway-test-registry';
  const issuer = 'slipway-test-issuer';

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let user: TokenUser | undefined;
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const [name, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      user = users.find((u) => u.username === name && u.password === rest.join(':'));
      if (!user) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
        return;
      }
    }
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const [type, name, wanted = ''] = scope.split(':');
      const actions = wanted.split(',').filter((a) => user?.actions.includes(a as 'pull' | 'push'));
      return type === 'repository' && name ? [{ type, name, actions }] : [];
    });
    const now = Math.floor(Date.now() / 1000);
    const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [der.toString('base64')] }));
    const claims = b64url(JSON.stringify({ iss: issuer, sub: user?.username ?? '', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
    const signature = createSign('RSA-SHA256').update(`${head}.${claims}`).sign(key);
    const token = `${head}.${claims}.${b64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPath,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
