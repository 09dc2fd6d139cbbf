import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { closeAgents, createGitAccess, lsRemote, type GitAuth } from '../../../src/main/core/git';
import { listRefsOverHttp, NeedsGitProcess, readRefsOverHttp } from '../../../src/main/core/git/smart-http';
import { AppError } from '../../../src/shared/errors';
import { makeServerCertificate, type TestCa } from '../../support/certs';
import { startGitServer, type GitServer } from '../../support/git-server';
import { tempDir } from '../../support/temp';

// The watcher's ref listing spoken from Node against real git (git http-backend): the same map as
// `git ls-remote` gives for the same repository, over v2 and v0, and the same errors.
const user = { username: 'oauth2', password: 'tok-smart-http-7d3e91c0a4' };
const login: GitAuth = { credential: user, caCertPem: null };
const anonymous: GitAuth = { credential: null, caCertPem: null };
const dataDir = tempDir('slipway-smart-http-');
const options = { timeoutMs: 10_000 };
let v2: GitServer;
let v0: GitServer;
let ca: TestCa;
let secure: GitServer;

before(async () => {
  ca = makeServerCertificate(tempDir());
  [v2, v0, secure] = await Promise.all([
    startGitServer(user),
    startGitServer(user, { protocolV2: false }),
    startGitServer(undefined, { tls: { certPath: ca.certPath, keyPath: ca.keyPath } }),
  ]);
});
after(async () => {
  closeAgents();
  await Promise.all([v2.stop(), v0.stop(), secure.stop()]);
});

/** Branches, a lightweight tag and an annotated one, on a second branch too. */
function populate(server: GitServer, name: string): { main: string; feature: string; url: string } {
  const url = server.createRepo(name);
  const main = server.commit(name, 'main', { 'a.txt': 'a' });
  const feature = server.commit(name, 'feature/x', { 'b.txt': 'b' });
  server.tag(name, 'light', main);
  server.tag(name, 'v1.0.0', main, 'release 1');
  server.tag(name, 'v1.1.0-rc', feature, 'candidate');
  return { main, feature, url };
}

const sorted = (refs: Map<string, string>) => [...refs].sort(([a], [b]) => (a < b ? -1 : 1));

function failureOf(error: unknown): { code: string; message: string; hint: string | undefined } {
  assert.ok(error instanceof AppError, `an AppError, not ${String(error)}`);
  return { code: error.code, message: error.message, hint: error.hint };
}

async function settle<T>(promise: Promise<T>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a failure');
}

test('protocol v2: ls-refs gives exactly what git ls-remote gives, annotated tags peeled to their commit', async () => {
  const { main, feature, url } = populate(v2, 'acme/v2');
  const seen = v2.requests.length;
  const refs = await listRefsOverHttp(url, login, options);
  const ours = v2.requests.slice(seen);
  assert.deepEqual(sorted(refs), sorted(await lsRemote(url, login, { dataDir })));
  assert.deepEqual(sorted(refs), [
    ['refs/heads/feature/x', feature],
    ['refs/heads/main', main],
    ['refs/tags/light', main],
    ['refs/tags/v1.0.0', main],
    ['refs/tags/v1.1.0-rc', feature],
  ]);
  // One discovery, one ls-refs command: protocol v2 was spoken, by Slipway and not by a git process.
  assert.deepEqual(ours.map((r) => `${r.method} ${r.url.replace(/^\/acme\/v2\.git/, '')}`), ['GET /info/refs?service=git-upload-pack', 'POST /git-upload-pack']);
  assert.ok(ours.every((r) => r.userAgent === 'git/2 (Slipway)'));
  assert.ok(ours.every((r) => r.authorization === `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`));
  for (const r of v2.requests) assert.equal(r.url.includes(user.password) || r.url.includes(user.username), false, `no login in ${r.url}`);

  // Later listings send ls-refs straight away (v2 is stateless), and still see every change.
  const next = v2.commit('acme/v2', 'main', { 'a.txt': 'a2' });
  const again = v2.requests.length;
  assert.equal((await listRefsOverHttp(url, login, options)).get('refs/heads/main'), next);
  assert.deepEqual(v2.requests.slice(again).map((r) => r.method), ['POST']);
});

test('when the one-request shortcut fails, the full discovery runs and its answer is git’s', async () => {
  const { url } = populate(v2, 'acme/shortcut');
  await listRefsOverHttp(url, login, options);
  const wrong: GitAuth = { credential: { username: user.username, password: 'tok-revoked-0000000' }, caCertPem: null };
  assert.deepEqual(failureOf(await settle(listRefsOverHttp(url, wrong, options))), failureOf(await settle(lsRemote(url, wrong, { dataDir }))));
  await listRefsOverHttp(url, login, options);
  rmSync(join(v2.root, 'acme/shortcut.git'), { recursive: true });
  const seen = v2.requests.length;
  const gone = failureOf(await settle(listRefsOverHttp(url, login, options)));
  assert.equal(gone.code, 'not_found');
  assert.deepEqual(v2.requests.slice(seen).map((r) => r.method), ['POST', 'GET'], 'the shortcut, then the discovery');
  assert.deepEqual(gone, failureOf(await settle(lsRemote(url, login, { dataDir }))));
});

test('a server without v2 answers the discovery with the v0 advertisement, read as it is: the same refs, one request', async () => {
  const { url } = populate(v0, 'acme/v0');
  const seen = v0.requests.length;
  const refs = await listRefsOverHttp(url, login, options);
  assert.deepEqual(v0.requests.slice(seen).map((r) => r.method), ['GET']);
  assert.deepEqual(sorted(refs), sorted(await lsRemote(url, login, { dataDir })));
  assert.equal(refs.size, 5);
  const empty = v0.createRepo('acme/v0-empty');
  assert.equal((await listRefsOverHttp(empty, login, options)).size, 0);
  assert.equal((await listRefsOverHttp(v2.createRepo('acme/v2-empty'), login, options)).size, 0);
});

test('a refused login, no login and a missing repository fail with git’s own code, message and hint', async () => {
  const { url } = populate(v2, 'acme/locked');
  const wrong: GitAuth = { credential: { username: user.username, password: 'tok-wrong-00000000' }, caCertPem: null };
  for (const auth of [wrong, anonymous]) {
    const ours = failureOf(await settle(listRefsOverHttp(url, auth, options)));
    assert.equal(ours.code, 'unauthorized');
    assert.deepEqual(ours, failureOf(await settle(lsRemote(url, auth, { dataDir }))));
  }
  const missing = `${v2.url}/acme/nothing-here.git`;
  const gone = failureOf(await settle(listRefsOverHttp(missing, login, options)));
  assert.equal(gone.code, 'not_found');
  assert.deepEqual(gone, failureOf(await settle(lsRemote(missing, login, { dataDir }))));
  const refused = failureOf(await settle(listRefsOverHttp('http://127.0.0.1:9/acme/x.git', login, options)));
  assert.equal(refused.code, 'unreachable');
});

test('https: the bound CA is trusted, and only it; no CA or the wrong one is a tls failure, as with git', async () => {
  const { url } = populate(secure, 'acme/secure');
  const trusted: GitAuth = { credential: null, caCertPem: ca.caPem };
  assert.deepEqual(sorted(await listRefsOverHttp(url, trusted, options)), sorted(await lsRemote(url, trusted, { dataDir })));
  const other = makeServerCertificate(tempDir());
  for (const auth of [anonymous, { credential: null, caCertPem: other.caPem }]) {
    const ours = failureOf(await settle(listRefsOverHttp(url, auth, options)));
    assert.equal(ours.code, 'tls', ours.message);
    assert.equal(failureOf(await settle(lsRemote(url, auth, { dataDir }))).code, 'tls');
    assert.match(ours.hint ?? '', /http\.sslCAInfo/);
  }
  // Without a bound CA, the bundle GIT_SSL_CAINFO names is trusted, as git trusts it.
  assert.equal((await listRefsOverHttp(url, anonymous, { ...options, env: { GIT_SSL_CAINFO: ca.caPath } })).size, 5);
  assert.equal(failureOf(await settle(listRefsOverHttp(url, anonymous, { ...options, env: { GIT_SSL_CAINFO: other.caPath } }))).code, 'tls');
  // A proxy is git's business: the HTTP path steps aside.
  await assert.rejects(listRefsOverHttp(url, trusted, { ...options, env: { HTTPS_PROXY: 'http://127.0.0.1:9' } }), NeedsGitProcess);
});

test('listings reuse kept-alive connections: one connection in sequence, at most four side by side', async () => {
  const server = await startGitServer();
  try {
    const urls = Array.from({ length: 6 }, (_, i) => {
      const url = server.createRepo(`acme/kept${i}`);
      server.commit(`acme/kept${i}`, 'main', { 'a.txt': String(i) });
      return url;
    });
    for (let round = 0; round < 3; round++) for (const url of urls) assert.equal((await listRefsOverHttp(url, anonymous, options)).size, 1);
    assert.equal(server.connections, 1, '18 listings in sequence on one connection');
    await Promise.all(Array.from({ length: 24 }, (_, i) => listRefsOverHttp(urls[i % urls.length] ?? '', anonymous, options)));
    assert.ok(server.connections <= 4, `${server.connections} connections for 24 listings at once`);
    assert.ok(server.connections >= 2, 'listings at once ran side by side');
  } finally {
    await server.stop();
  }
});

test('a listing stops at once when aborted, and after its silence bound when the host says nothing', async () => {
  const held: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const stall = createServer((_req, res) => void held.push(res));
  stall.on('connection', (s: Socket) => sockets.add(s));
  await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(stall.address() as AddressInfo).port}/acme/slow.git`;
  try {
    const controller = new AbortController();
    const started = Date.now();
    const running = settle(listRefsOverHttp(url, login, { ...options, signal: controller.signal }));
    setTimeout(() => controller.abort(), 200);
    assert.equal(failureOf(await running).code, 'canceled');
    assert.ok(Date.now() - started < 1500, `canceled after ${Date.now() - started} ms`);
    const silent = failureOf(await settle(listRefsOverHttp(url, login, { timeoutMs: 300 })));
    assert.equal(silent.code, 'timeout');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => stall.close(resolve));
  }
});

test('a redirect to another origin is followed without the login; the listing goes where it ended', async () => {
  const { url } = populate(secure, 'acme/moved');
  const sent: (string | undefined)[] = [];
  const mover = createServer((req, res) => {
    sent.push(req.headers.authorization);
    res.writeHead(301, { Location: `${url}${(req.url ?? '').replace(/^\/old\.git/, '')}` }).end();
  });
  await new Promise<void>((resolve) => mover.listen(0, '127.0.0.1', resolve));
  try {
    const oldUrl = `http://127.0.0.1:${(mover.address() as AddressInfo).port}/old.git`;
    const seen = secure.requests.length;
    // Over http the login goes to the old origin only; the new one is https with the bound CA.
    const auth: GitAuth = { credential: user, caCertPem: ca.caPem };
    assert.deepEqual(sorted(await listRefsOverHttp(oldUrl, auth, options)), sorted(await lsRemote(url, auth, { dataDir })));
    assert.deepEqual(sent, [`Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`]);
    const moved = secure.requests.slice(seen).filter((r) => r.userAgent === 'git/2 (Slipway)');
    assert.deepEqual(moved.map((r) => r.method), ['GET', 'POST']);
    assert.ok(moved.every((r) => r.authorization === undefined), 'no login sent to the other origin');
  } finally {
    await new Promise((resolve) => mover.close(resolve));
  }
});

test('GitAccess lists over HTTP, and hands a dumb HTTP server to git', async () => {
  const access = createGitAccess({ dataDir, auth: { gitAuthFor: async () => login } });
  const { url } = populate(v2, 'acme/access');
  const seen = v2.requests.length;
  assert.deepEqual(sorted(await access.listRefs({ cloneUrl: url, sourceId: 'src-1' })), sorted(await lsRemote(url, login, { dataDir })));
  assert.ok(v2.requests.slice(seen, seen + 2).every((r) => r.userAgent === 'git/2 (Slipway)'));

  const dumb = await startGitServer(undefined, { dumb: true });
  try {
    const { url: plain, main } = populate(dumb, 'acme/static');
    const before = dumb.requests.length;
    const refs = await createGitAccess({ dataDir }).listRefs({ cloneUrl: plain, sourceId: null });
    assert.equal(refs.get('refs/tags/v1.0.0'), main, 'peeled, from info/refs');
    assert.equal(refs.size, 5);
    const agents = dumb.requests.slice(before).map((r) => r.userAgent ?? '');
    assert.ok(agents[0]?.startsWith('git/2 (Slipway)'), 'the HTTP path asked first');
    assert.ok(agents.slice(1).some((a) => /^git\/2\.\d+/.test(a)), `then git itself: ${agents.join(', ')}`);
    // The next check goes to git at once: a dumb server is not asked twice per check.
    const again = dumb.requests.length;
    assert.equal((await createGitAccess({ dataDir }).listRefs({ cloneUrl: plain, sourceId: null })).size, 5);
    assert.ok(dumb.requests.slice(again).every((r) => !r.userAgent?.includes('Slipway')));
  } finally {
    await dumb.stop();
  }
});

test('an unchanged answer comes back unparsed; only branches and tags are asked for, so other refs moving change nothing', async () => {
  const { url } = populate(v2, 'acme/stamped');
  const first = await readRefsOverHttp(url, login, options, null);
  assert.equal(first.refs?.size, 5);
  const same = await readRefsOverHttp(url, login, options, first.stamp);
  assert.deepEqual(same, { stamp: first.stamp, refs: null });
  // A pull request's ref and a note are outside ref-prefix refs/heads/ and refs/tags/: the server leaves them out.
  const bare = join(v2.root, 'acme/stamped.git');
  const main = (await listRefsOverHttp(url, login, options)).get('refs/heads/main') ?? '';
  execFileSync('git', ['update-ref', 'refs/pull/1/head', main], { cwd: bare });
  execFileSync('git', ['update-ref', 'refs/notes/commits', main], { cwd: bare });
  assert.equal((await readRefsOverHttp(url, login, options, first.stamp)).refs, null);
  const moved = v2.commit('acme/stamped', 'main', { 'a.txt': 'moved' });
  const next = await readRefsOverHttp(url, login, options, first.stamp);
  assert.notEqual(next.stamp, first.stamp);
  assert.equal(next.refs?.get('refs/heads/main'), moved);
});
