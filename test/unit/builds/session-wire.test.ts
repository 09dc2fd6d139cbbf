import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { after, test } from 'node:test';
import { AppError } from '../../../src/shared/errors';
import { decodeGrpcFrames, decodeGrpcMessage, encodeGrpcFrame, GrpcCode } from '../../../src/main/core/builds/session/grpc-frame';
import { credentialsRequest, credentialsResponse, getSecretRequest, getSecretResponse, healthCheckRequest, healthCheckResponse, HealthStatus } from '../../../src/main/core/builds/session/messages';
import { openBuildSession, SessionMethod, type SessionCall } from '../../../src/main/core/builds/session/index';
import type { EngineTls } from '../../../src/main/core/docker/endpoint';
import { makeServerCertificate } from '../../support/certs';
import { tempDir } from '../../support/temp';

// The engine's side of the wire, played by Node: it answers POST /session with 101 and then, as the
// engine does, becomes the HTTP/2 client on that connection. The real engine is in
// test/integration/builds/session.test.ts; this covers what an engine cannot be made to send.
interface FakeEngine {
  readonly endpoint: string;
  readonly tls?: EngineTls;
  readonly sessions: Promise<{ request: IncomingMessage; client: ClientHttp2Session; socket: Duplex }>[];
  next(): Promise<{ request: IncomingMessage; client: ClientHttp2Session; socket: Duplex }>;
}

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

const upgraded = 'HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n';

/** The engine's side, sending the 101 and its HTTP/2 preface in one write, as a proxy may deliver them. */
function coalesced(socket: Duplex): Duplex {
  let first: Buffer | undefined = Buffer.from(upgraded);
  const wire = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      const out = first ? Buffer.concat([first, chunk]) : chunk;
      first = undefined;
      socket.write(out, callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (!wire.push(chunk)) socket.pause();
  });
  socket.once('end', () => wire.push(null));
  socket.once('close', () => wire.destroy());
  return wire;
}

async function fakeEngine(answer: 'upgrade' | 'coalesced' | 404 | 'silent' = 'upgrade'): Promise<FakeEngine> {
  const socketPath = join(tempDir(), 'docker.sock');
  const waiting: ((value: { request: IncomingMessage; client: ClientHttp2Session; socket: Duplex }) => void)[] = [];
  const sessions: FakeEngine['sessions'] = [];
  // The coalesced case over TLS, where it was first seen: node:http2 finds bytes put back into a
  // plain socket, but not into a TLS one. The others on a unix socket like the local engine.
  const certs = answer === 'coalesced' ? makeServerCertificate(tempDir()) : undefined;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (answer === 'silent') return;
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"page not found"}\n');
  };
  const server: Server = certs ? createHttpsServer({ cert: readFileSync(certs.certPath), key: readFileSync(certs.keyPath) }, onRequest) : createServer(onRequest);
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    if (answer === 'silent') return;
    if (answer === 404) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 29\r\n\r\n{"message":"page not found"}\n');
      return;
    }
    const start = () => {
      const client = connect('http://engine', { createConnection: () => (answer === 'coalesced' ? coalesced(socket) : socket) });
      client.on('error', () => undefined);
      const value = { request, client, socket };
      const resolve = waiting.shift();
      if (resolve) resolve(value);
      else sessions.push(Promise.resolve(value));
    };
    if (answer === 'coalesced') return start();
    // Otherwise the 101 goes alone and the preface follows later: the session reads them apart.
    socket.write(upgraded);
    setTimeout(start, 20);
  });
  servers.push(server);
  let endpoint = `unix://${socketPath}`;
  if (answer === 'coalesced') {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `tcp://127.0.0.1:${(server.address() as { port: number }).port}`;
  } else {
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  }
  return {
    endpoint,
    ...(certs ? { tls: { verify: true, ca: certs.caPem } } : {}),
    sessions,
    next: () => sessions.shift() ?? new Promise((resolve) => waiting.push(resolve)),
  };
}

interface GrpcReply {
  readonly headers: IncomingHttpHeaders;
  readonly trailers: IncomingHttpHeaders;
  readonly body: Buffer;
}

function call(client: ClientHttp2Session, path: string, body: Uint8Array): Promise<GrpcReply> {
  return new Promise((resolve, reject) => {
    const stream = client.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('response', (h) => (headers = h));
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve({ headers, trailers, body: Buffer.concat(chunks) }));
    stream.on('error', reject);
    stream.end(body);
  });
}

const status = (reply: GrpcReply) => Number(reply.trailers['grpc-status'] ?? reply.headers['grpc-status']);

test('the upgrade request carries the session id, name and one header per served method', async () => {
  const engine = await fakeEngine();
  const session = await openBuildSession({ engine: { endpoint: engine.endpoint }, name: 'ctx', apiVersion: '1.41', credentials: () => null, secrets: {} });
  const { request } = await engine.next();
  assert.equal(request.method, 'POST');
  assert.equal(request.url, '/v1.41/session');
  assert.equal(request.headers.upgrade, 'h2c');
  assert.match(String(request.headers.connection), /upgrade/i);
  assert.equal(request.headers['x-docker-expose-session-uuid'], session.id);
  assert.match(session.id, /^[a-z0-9]{25}$/);
  assert.equal(request.headers['x-docker-expose-session-name'], 'ctx');
  assert.ok(request.headers['x-docker-expose-session-sharedkey']);
  const methods: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i]!.toLowerCase() === 'x-docker-expose-session-grpc-method') methods.push(request.rawHeaders[i + 1]!);
  }
  assert.deepEqual(methods.sort(), [SessionMethod.credentials, SessionMethod.getSecret, SessionMethod.health].sort());
  await session.close();
});

test('calls are answered over HTTP/2 as gRPC: one frame and a grpc-status trailer, or trailers only on error', async () => {
  const engine = await fakeEngine();
  const seen: SessionCall[] = [];
  const session = await openBuildSession({
    engine: { endpoint: engine.endpoint },
    credentials: (host) => (host === 'reg:5000' ? { username: 'alice', secret: 'pw-7f3a' } : null),
    secrets: new Map([['token', Buffer.from('tok-value')]]),
    onCall: (c) => seen.push(c),
  });
  const { client } = await engine.next();

  const health = await call(client, SessionMethod.health, encodeGrpcFrame(healthCheckRequest.encode({ service: '' })));
  assert.equal(health.headers[':status'], 200);
  assert.equal(health.headers['content-type'], 'application/grpc');
  assert.equal(status(health), GrpcCode.OK);
  assert.equal(healthCheckResponse.decode(decodeGrpcFrames(health.body)[0]!).status, HealthStatus.SERVING);

  const creds = await call(client, SessionMethod.credentials, encodeGrpcFrame(credentialsRequest.encode({ host: 'reg:5000' })));
  assert.equal(status(creds), GrpcCode.OK);
  assert.deepEqual(credentialsResponse.decode(decodeGrpcFrames(creds.body)[0]!), { username: 'alice', secret: 'pw-7f3a' });

  const secret = await call(client, SessionMethod.getSecret, encodeGrpcFrame(getSecretRequest.encode({ id: 'token', annotations: {} })));
  assert.equal(status(secret), GrpcCode.OK);
  assert.equal(Buffer.from(getSecretResponse.decode(decodeGrpcFrames(secret.body)[0]!).data).toString(), 'tok-value');

  const missing = await call(client, SessionMethod.getSecret, encodeGrpcFrame(getSecretRequest.encode({ id: 'nope', annotations: {} })));
  assert.equal(missing.headers['grpc-status'], String(GrpcCode.NOT_FOUND), 'trailers-only: the status is in the headers');
  assert.equal(decodeGrpcMessage(String(missing.headers['grpc-message'])), 'secret nope not found');
  assert.equal(missing.body.length, 0);

  const unknown = await call(client, '/moby.filesync.v1.Auth/FetchToken', encodeGrpcFrame(new Uint8Array()));
  assert.equal(status(unknown), GrpcCode.UNIMPLEMENTED);

  const truncated = await call(client, SessionMethod.health, encodeGrpcFrame(Buffer.from('abc')).subarray(0, 6));
  assert.equal(status(truncated), GrpcCode.INTERNAL);
  const compressed = Buffer.from(encodeGrpcFrame(new Uint8Array()));
  compressed[0] = 1;
  assert.equal(status(await call(client, SessionMethod.health, compressed)), GrpcCode.UNIMPLEMENTED);

  assert.deepEqual(session.calls, [SessionMethod.health, SessionMethod.credentials, SessionMethod.getSecret, '/moby.filesync.v1.Auth/FetchToken']);
  // healthy checks come every second during a build: only the failed ones (the malformed frames) are reported
  assert.deepEqual(seen.filter((c) => c.method === SessionMethod.health).map((c) => c.code), [GrpcCode.INTERNAL, GrpcCode.UNIMPLEMENTED]);
  assert.deepEqual(seen.find((c) => c.method === SessionMethod.credentials), { method: SessionMethod.credentials, code: 0, host: 'reg:5000', supplied: true });
  // what is reported is safe to log: no value travels in it
  assert.doesNotMatch(JSON.stringify(seen), /pw-7f3a|tok-value/);
  await session.close();
});

test('bytes the engine sends in the same packet as its 101 reach the HTTP/2 server', async () => {
  const engine = await fakeEngine('coalesced');
  const session = await openBuildSession({ engine: { endpoint: engine.endpoint, ...(engine.tls ? { tls: engine.tls } : {}) }, secrets: { a: Buffer.from('1') } });
  const { client } = await engine.next();
  const reply = await call(client, SessionMethod.getSecret, encodeGrpcFrame(getSecretRequest.encode({ id: 'a', annotations: {} })));
  assert.equal(status(reply), GrpcCode.OK);
  assert.equal(Buffer.from(getSecretResponse.decode(decodeGrpcFrames(reply.body)[0]!).data).toString(), '1');
  await session.close();
});

test('calls arriving together are answered independently', async () => {
  const engine = await fakeEngine();
  const session = await openBuildSession({
    engine: { endpoint: engine.endpoint },
    credentials: async (host) => {
      await new Promise((r) => setTimeout(r, host === 'slow' ? 50 : 1));
      return { username: host, secret: 's' };
    },
  });
  const { client } = await engine.next();
  const replies = await Promise.all(
    ['slow', 'a', 'b', 'c'].map((host) => call(client, SessionMethod.credentials, encodeGrpcFrame(credentialsRequest.encode({ host })))),
  );
  assert.deepEqual(replies.map((r) => credentialsResponse.decode(decodeGrpcFrames(r.body)[0]!).username), ['slow', 'a', 'b', 'c']);
  await session.close();
});

test('close() ends the connection for the engine and leaves no socket behind', async () => {
  const engine = await fakeEngine();
  const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap' || r === 'TCPSocketWrap').length;
  // Earlier tests' sockets may still be closing: start from a settled count.
  await new Promise((r) => setTimeout(r, 100));
  const before = sockets();
  const session = await openBuildSession({ engine: { endpoint: engine.endpoint } });
  const { client, socket } = await engine.next();
  const engineSawEnd = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await call(client, SessionMethod.health, encodeGrpcFrame(healthCheckRequest.encode({ service: '' })));
  await session.close();
  await session.closed;
  await engineSawEnd;
  await session.close(); // twice is harmless
  client.destroy();
  for (let i = 0; i < 50 && sockets() > before; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(sockets() <= before, `${sockets()} sockets open, ${before} before the session`);
});

test('the engine going away settles `closed`; an abort signal closes the session', async () => {
  const engine = await fakeEngine();
  const first = await openBuildSession({ engine: { endpoint: engine.endpoint } });
  const { client } = await engine.next();
  client.destroy();
  await first.closed;

  const controller = new AbortController();
  const second = await openBuildSession({ engine: { endpoint: engine.endpoint }, signal: controller.signal });
  const { socket } = await engine.next();
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  controller.abort();
  await second.closed;
  await gone;
});

test('an engine without /session is "unavailable" with a hint; no engine is "unreachable"', async () => {
  const old = await fakeEngine(404);
  await assert.rejects(openBuildSession({ engine: { endpoint: old.endpoint } }), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, 'unavailable');
    assert.match(e.message, /does not offer BuildKit sessions .*page not found/);
    assert.match(e.hint ?? '', /BuildKit/);
    return true;
  });
  await assert.rejects(openBuildSession({ engine: { endpoint: `unix://${join(tempDir(), 'none.sock')}` } }), (e: unknown) => e instanceof AppError && e.code === 'unreachable');
  await assert.rejects(openBuildSession({ engine: { endpoint: 'ssh://me@builder' } }), (e: unknown) => e instanceof AppError && e.code === 'unavailable');
});

test('an engine that never answers times out; an aborted open is canceled', async () => {
  const silent = await fakeEngine('silent');
  const started = Date.now();
  await assert.rejects(openBuildSession({ engine: { endpoint: silent.endpoint }, connectTimeoutMs: 200 }), (e: unknown) => e instanceof AppError && e.code === 'timeout');
  assert.ok(Date.now() - started < 5000);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(openBuildSession({ engine: { endpoint: silent.endpoint }, signal: controller.signal }), (e: unknown) => e instanceof AppError && e.code === 'canceled');
});
