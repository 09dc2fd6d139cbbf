import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ping } from './engine';
import { freePort } from './ports';

/**
 * A second, "remote" Docker engine on this machine: its own data and exec roots, its own bridge
 * (never --bridge=none: that broke the first engine's docker0 here), listening on tcp://127.0.0.1
 * with --tlsverify and client certificates, as a remote builder would. It also listens on a unix
 * socket so tests can prepare it (load a base image) without going through TLS. Left running
 * between test files and runs, like the main test engine.
 */
export interface RemoteEngine {
  readonly endpoint: string;
  readonly socketPath: string;
  readonly caPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

const root = '/tmp/slipway-test-remote-engine';
const bridge = 'slipbr1';

function makeCerts(dir: string): void {
  const o = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  o('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Slipway remote builder CA');
  o('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  o('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server-cert.pem', '-days', '30', '-extfile', 'server.ext');
  o('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'client.csr', '-subj', '/CN=slipway');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  o('x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'cert.pem', '-days', '30', '-extfile', 'client.ext');
}

export async function remoteEngine(): Promise<RemoteEngine> {
  const certs = join(root, 'certs');
  const socketPath = join(root, 'docker.sock');
  const read = (): RemoteEngine => ({
    endpoint: `tcp://127.0.0.1:${readFileSync(join(root, 'port'), 'utf8').trim()}`,
    socketPath,
    caPem: readFileSync(join(certs, 'ca.pem'), 'utf8'),
    clientCertPem: readFileSync(join(certs, 'cert.pem'), 'utf8'),
    clientKeyPem: readFileSync(join(certs, 'key.pem'), 'utf8'),
  });
  if (existsSync(join(root, 'port')) && (await ping(socketPath))) return read();
  mkdirSync(certs, { recursive: true });
  if (!existsSync(join(certs, 'cert.pem'))) makeCerts(certs);
  try {
    execFileSync('ip', ['link', 'show', bridge], { stdio: 'ignore' });
  } catch {
    execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge']);
    execFileSync('ip', ['addr', 'add', '10.231.7.1/24', 'dev', bridge]);
    execFileSync('ip', ['link', 'set', bridge, 'up']);
  }
  const port = await freePort();
  writeFileSync(join(root, 'port'), String(port));
  const logFd = openSync(join(root, 'dockerd.log'), 'a');
  const child = spawn(
    'dockerd',
    [
      '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '--pidfile', join(root, 'dockerd.pid'),
      '-H', `unix://${socketPath}`, '-H', `tcp://127.0.0.1:${port}`,
      '--tlsverify', '--tlscacert', join(certs, 'ca.pem'), '--tlscert', join(certs, 'server-cert.pem'), '--tlskey', join(certs, 'server-key.pem'),
      '--iptables=false', '--ip-masq=false', `--bridge=${bridge}`, '--log-level', 'warn',
    ],
    { detached: true, stdio: ['ignore', logFd, logFd] },
  );
  child.unref();
  closeSync(logFd);
  for (let i = 0; i < 300; i++) {
    if (await ping(socketPath)) return read();
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the remote test engine did not start: ${readFileSync(join(root, 'dockerd.log'), 'utf8').slice(-2000)}`);
}
