import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect as netConnect, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:tls';
import { after, before, test } from 'node:test';
import { pack } from 'tar-stream';
import { openBuildSession, SessionMethod, type BuildSession, type SessionCall } from '../../../src/main/core/builds/session/index';
import { AppError } from '../../../src/shared/errors';
import { makeServerCertificate } from '../../support/certs';
import { cli, ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';

// Slipway's BuildKit session against Debian's real dockerd 20.10 and a real docker-registry with
// htpasswd auth: the engine resolves a FROM on a login-protected registry only through a session,
// and calls back over it for the login and for build secrets.
let engine: TestEngine;
let registry: RunningRegistry;
let busybox: string;
let privateBase: string;
const sessions: BuildSession[] = [];

before(async () => {
  [engine, registry] = await Promise.all([testEngine(), startRegistry({ auth: 'htpasswd' })]);
  busybox = await ensureBusyboxImage(engine);
  privateBase = `${registry.host}/base/busybox`;
  const user = registry.users[0]!;
  // The private base image is pushed by docker itself, logged in through a scratch config.
  const env = { DOCKER_CONFIG: tempDir() };
  assert.equal((await cli(engine, ['tag', busybox, privateBase])).code, 0);
  const login = await cli(engine, ['login', '-u', user.username, '--password-stdin', registry.host], { env, input: user.password });
  assert.equal(login.code, 0, login.stderr);
  const pushed = await cli(engine, ['push', privateBase], { env });
  assert.equal(pushed.code, 0, pushed.stderr);
  // From here on the engine has no copy: every FROM goes to the registry.
  await cli(engine, ['rmi', privateBase]);
});

after(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await registry.stop();
});

async function session(options: Omit<Parameters<typeof openBuildSession>[0], 'engine'>): Promise<BuildSession> {
  const opened = await openBuildSession({ engine: { endpoint: engine.host }, ...options });
  sessions.push(opened);
  return opened;
}

interface BuildResult {
  readonly imageId?: string;
  readonly error?: string;
}

/** POST /build with a one-file context, as the build runner will send it (BuildKit, raw HTTP). */
function build(dockerfile: string, params: Record<string, string>): Promise<BuildResult> {
  const context = pack();
  context.entry({ name: 'Dockerfile' }, dockerfile);
  context.finalize();
  const query = new URLSearchParams({ version: '2', rm: '1', ...params });
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: engine.socketPath, method: 'POST', path: `/v1.41/build?${query}`, headers: { 'Content-Type': 'application/x-tar' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let imageId: string | undefined;
          let error: string | undefined = res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}: ${text}`;
          for (const line of text.split('\n')) {
            if (!line.trim()) continue;
            const message = JSON.parse(line) as { id?: string; aux?: { ID?: string }; error?: string };
            if (message.id === 'moby.image.id' && message.aux?.ID) imageId = message.aux.ID;
            if (message.error) error = message.error;
          }
          resolve(error === undefined ? { ...(imageId ? { imageId } : {}) } : { error });
        });
      },
    );
    req.on('error', reject);
    context.pipe(req);
  });
}

test('without a session, a FROM on a login-protected registry fails with "no active sessions"', async () => {
  const result = await build(`FROM ${privateBase}\nRUN true\n`, { pull: '1' });
  assert.match(result.error ?? '', /no active sessions/);
});

test('with a session serving the login, a pull=1 build from the private registry succeeds', async () => {
  const seen: SessionCall[] = [];
  const user = registry.users[0]!;
  const asked: string[] = [];
  const s = await session({
    name: 'private-base',
    credentials: (host) => {
      asked.push(host);
      return host === registry.host ? { username: user.username, secret: user.password } : null;
    },
    onCall: (c) => seen.push(c),
  });
  const tag = `slipway-session-test/private:${s.id}`;
  const result = await build(`FROM ${privateBase}\nRUN echo built > /built\n`, { pull: '1', session: s.id, t: tag });
  assert.equal(result.error, undefined);
  assert.ok(result.imageId);
  assert.ok(asked.length > 0 && asked.every((h) => h === registry.host), `asked for ${asked.join(', ')}`);
  assert.ok(s.calls.includes(SessionMethod.credentials));
  assert.ok(seen.some((c) => c.method === SessionMethod.credentials && c.supplied === true && c.host === registry.host));
  assert.doesNotMatch(JSON.stringify(seen), new RegExp(user.password));
  const run = await cli(engine, ['run', '--rm', tag, 'cat', '/built']);
  assert.equal(run.stdout.trim(), 'built');
  await cli(engine, ['rmi', tag]);
});

test('a session without a login, or with a wrong one, gets the registry\'s 401', async () => {
  const anonymous = await session({ credentials: () => null });
  const none = await build(`FROM ${privateBase}\nRUN true\n`, { pull: '1', session: anonymous.id });
  assert.match(none.error ?? '', /401 Unauthorized/);
  const wrong = await session({ credentials: () => ({ username: registry.users[0]!.username, secret: 'not-the-password' }) });
  const refused = await build(`FROM ${privateBase}\nRUN true\n`, { pull: '1', session: wrong.id });
  assert.match(refused.error ?? '', /401 Unauthorized/);
});

test('a build secret reaches RUN --mount=type=secret and stays out of the image and its history', async () => {
  // Random per run, so a match anywhere below can only come from this build.
  const value = `tok-${randomBytes(12).toString('hex')}`;
  const seen: SessionCall[] = [];
  const s = await session({ secrets: new Map([['token', Buffer.from(value)]]), onCall: (c) => seen.push(c) });
  const tag = `slipway-session-test/secret:${s.id}`;
  // Dockerfile 1.2's RUN --mount is built into engine 20.10's frontend: no `# syntax` image needed.
  const dockerfile = `FROM ${busybox}\nRUN --mount=type=secret,id=token,required sha256sum /run/secrets/token | cut -d' ' -f1 > /out && ls /run/secrets > /listing\n`;
  const result = await build(dockerfile, { session: s.id, t: tag, nocache: '1' });
  assert.equal(result.error, undefined);
  assert.ok(seen.some((c) => c.method === SessionMethod.getSecret && c.secretId === 'token' && c.code === 0));

  const out = await cli(engine, ['run', '--rm', tag, 'cat', '/out']);
  assert.equal(out.stdout.trim(), createHash('sha256').update(value).digest('hex'), 'the RUN read exactly the served bytes');
  // The secret mount is gone after the step: the directory may remain, the file does not.
  const left = await cli(engine, ['run', '--rm', tag, 'sh', '-c', 'cat /run/secrets/token 2>/dev/null; true']);
  assert.equal(left.stdout, '');

  const history = await cli(engine, ['history', '--no-trunc', tag]);
  assert.equal(history.code, 0);
  // 20.10 records the command without its --mount flags
  assert.match(history.stdout, /sha256sum \/run\/secrets\/token/);
  assert.doesNotMatch(history.stdout, new RegExp(value));
  const inspect = await cli(engine, ['image', 'inspect', tag]);
  assert.doesNotMatch(inspect.stdout, new RegExp(value));
  const saved = await cli(engine, ['save', tag]);
  assert.equal(saved.code, 0);
  assert.ok(saved.stdout.length > 0);
  assert.ok(!saved.stdout.includes(value), 'no layer holds the secret');
  await cli(engine, ['rmi', tag]);
});

test('a required secret the session does not have fails the build, naming the id', async () => {
  const s = await session({ secrets: { other: Buffer.from('x') } });
  const result = await build(`FROM ${busybox}\nRUN --mount=type=secret,id=missing,required cat /run/secrets/missing\n`, { session: s.id, nocache: '1' });
  assert.match(result.error ?? '', /secret missing not found/);
});

test('after close() the engine no longer has the session', async () => {
  const user = registry.users[0]!;
  const s = await session({ credentials: () => ({ username: user.username, secret: user.password }) });
  await s.close();
  await s.closed;
  // Right after close the engine may still try to redial it ("only one connection allowed"); once
  // its health check has failed it waits about 5 s for a session of that id to appear, then gives up
  // with "no active session for <id>". Either way no login is served.
  let result = await build(`FROM ${privateBase}\nRUN true\n`, { pull: '1', session: s.id });
  for (let i = 0; i < 10 && !result.error?.includes(`no active session for ${s.id}`); i++) {
    assert.match(result.error ?? '', /only one connection allowed/);
    await new Promise((r) => setTimeout(r, 500));
    result = await build(`FROM ${privateBase}\nRUN true\n`, { pull: '1', session: s.id });
  }
  assert.match(result.error ?? '', new RegExp(`no active session for ${s.id}`));
});

test('a token-auth registry works too: BuildKit fetches the token itself with the login', async () => {
  const tokenRegistry = await startRegistry({ auth: 'token' });
  try {
    const user = tokenRegistry.users[0]!;
    const image = `${tokenRegistry.host}/base/busybox`;
    const env = { DOCKER_CONFIG: tempDir() };
    await cli(engine, ['tag', busybox, image]);
    assert.equal((await cli(engine, ['login', '-u', user.username, '--password-stdin', tokenRegistry.host], { env, input: user.password })).code, 0);
    const pushed = await cli(engine, ['push', image], { env });
    assert.equal(pushed.code, 0, pushed.stderr);
    await cli(engine, ['rmi', image]);
    const seen: SessionCall[] = [];
    const s = await session({
      credentials: (host) => (host === tokenRegistry.host ? { username: user.username, secret: user.password } : null),
      onCall: (c) => seen.push(c),
    });
    const result = await build(`FROM ${image}\nRUN true\n`, { pull: '1', session: s.id });
    assert.equal(result.error, undefined);
    // Engine 20.10 first asks whether the session signs tokens itself (GetTokenAuthority); answered
    // UNIMPLEMENTED it takes the login and fetches the token from the realm itself. FetchToken is never called.
    assert.deepEqual(s.calls.filter((m) => m !== SessionMethod.health), ['/moby.filesync.v1.Auth/GetTokenAuthority', SessionMethod.credentials]);
    assert.ok(seen.some((c) => c.method.endsWith('/GetTokenAuthority') && c.code === 12));
  } finally {
    await tokenRegistry.stop();
  }
});

/** Forwards loopback TCP (or TLS) connections to the engine's socket, as a remote engine is reached. */
async function engineOverTcp(tls?: { certPath: string; keyPath: string }): Promise<{ port: number; server: Server }> {
  const forward = (client: Socket) => {
    const upstream = netConnect(engine.socketPath);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  };
  const server = tls ? createTlsServer({ cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath) }, forward) : createTcpServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

test('a session opens over tcp:// and over tcp:// with TLS, as for a remote builder', async () => {
  const certs = makeServerCertificate(tempDir());
  const plain = await engineOverTcp();
  const secure = await engineOverTcp(certs);
  try {
    const user = registry.users[0]!;
    const credentials = () => ({ username: user.username, secret: user.password });
    for (const endpoint of [
      { endpoint: `tcp://127.0.0.1:${plain.port}` },
      { endpoint: `tcp://127.0.0.1:${secure.port}`, tls: { verify: true, ca: certs.caPem } },
    ]) {
      const s = await openBuildSession({ engine: endpoint, credentials });
      sessions.push(s);
      // The build itself goes over the socket: the engine finds the session by id, whatever carried it.
      const result = await build(`FROM ${privateBase}\nRUN true\n`, { pull: '1', session: s.id });
      assert.equal(result.error, undefined, endpoint.endpoint);
      assert.ok(s.calls.includes(SessionMethod.credentials));
      await s.close();
    }
    // An engine whose certificate the builder's CA does not vouch for is a TLS error, not a hang.
    const stranger = makeServerCertificate(tempDir());
    await assert.rejects(
      openBuildSession({ engine: { endpoint: `tcp://127.0.0.1:${secure.port}`, tls: { verify: true, ca: stranger.caPem } } }),
      (e: unknown) => e instanceof AppError && e.code === 'tls',
    );
  } finally {
    plain.server.close();
    secure.server.close();
  }
});
