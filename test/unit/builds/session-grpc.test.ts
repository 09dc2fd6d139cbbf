import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeGrpcFrames,
  decodeGrpcMessage,
  decodeUnaryRequest,
  encodeGrpcFrame,
  encodeGrpcMessage,
  GrpcCode,
  GrpcError,
} from '../../../src/main/core/builds/session/grpc-frame';
import {
  credentialsRequest,
  credentialsResponse,
  fetchTokenRequest,
  getSecretRequest,
  getSecretResponse,
  healthCheckRequest,
  healthCheckResponse,
  HealthStatus,
} from '../../../src/main/core/builds/session/messages';
import { createSessionHandler, SessionMethod } from '../../../src/main/core/builds/session/services';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const grpcCode = (code: number) => (error: unknown) => error instanceof GrpcError && error.code === code;

test('a frame is a zero flag, a big-endian length and the message, and reads back', () => {
  const message = Buffer.from('hello');
  const frame = encodeGrpcFrame(message);
  assert.equal(hex(frame), '00' + '00000005' + hex(message));
  assert.deepEqual(decodeGrpcFrames(frame), [message]);
  assert.deepEqual(decodeUnaryRequest(frame), message);
});

test('an empty message and several messages in one body round-trip', () => {
  const body = Buffer.concat([encodeGrpcFrame(new Uint8Array()), encodeGrpcFrame(Buffer.from('a')), encodeGrpcFrame(Buffer.alloc(70000, 7))]);
  const messages = decodeGrpcFrames(body);
  assert.deepEqual(messages.map((m) => m.length), [0, 1, 70000]);
  assert.equal(messages[2]![69999], 7);
  assert.deepEqual(decodeGrpcFrames(new Uint8Array()), []);
});

test('a frame inside a larger buffer is read at its offset, not from the start of the buffer', () => {
  const pool = Buffer.concat([Buffer.from('garbage'), encodeGrpcFrame(Buffer.from('xyz'))]);
  const view = new Uint8Array(pool.buffer, pool.byteOffset + 7, pool.length - 7);
  assert.equal(decodeUnaryRequest(view).toString(), 'xyz');
});

test('malformed frames are refused with the gRPC code a peer expects', () => {
  const frame = encodeGrpcFrame(Buffer.from('hello'));
  assert.throws(() => decodeGrpcFrames(frame.subarray(0, 3)), grpcCode(GrpcCode.INTERNAL), 'truncated prefix');
  assert.throws(() => decodeGrpcFrames(frame.subarray(0, 8)), grpcCode(GrpcCode.INTERNAL), 'truncated message');
  assert.throws(() => decodeGrpcFrames(Buffer.concat([frame, Buffer.from([0, 0])])), grpcCode(GrpcCode.INTERNAL), 'trailing bytes');
  const compressed = Buffer.from(frame);
  compressed[0] = 1;
  assert.throws(() => decodeGrpcFrames(compressed), grpcCode(GrpcCode.UNIMPLEMENTED), 'compressed');
  const badFlag = Buffer.from(frame);
  badFlag[0] = 9;
  assert.throws(() => decodeGrpcFrames(badFlag), grpcCode(GrpcCode.INTERNAL), 'unknown flag');
  // The length is checked before waiting for the bytes: a peer cannot make us buffer 4 GiB.
  const huge = Buffer.from([0, 0xff, 0xff, 0xff, 0xff]);
  assert.throws(() => decodeGrpcFrames(huge), grpcCode(GrpcCode.RESOURCE_EXHAUSTED), 'oversized');
  assert.throws(() => decodeGrpcFrames(encodeGrpcFrame(Buffer.alloc(11)), 10), grpcCode(GrpcCode.RESOURCE_EXHAUSTED));
  assert.throws(() => decodeUnaryRequest(new Uint8Array()), grpcCode(GrpcCode.INTERNAL), 'no message');
  assert.throws(() => decodeUnaryRequest(Buffer.concat([frame, frame])), grpcCode(GrpcCode.INTERNAL), 'two messages');
});

test('grpc-message is percent-encoded as the spec says and decodes back', () => {
  assert.equal(encodeGrpcMessage('secret x not found'), 'secret x not found');
  assert.equal(encodeGrpcMessage('100% ✓\n'), '100%25 %E2%9C%93%0A');
  for (const text of ['plain', '100% ✓\n', 'ünïcödé and %41', '']) assert.equal(decodeGrpcMessage(encodeGrpcMessage(text)), text);
});

test('messages use BuildKit\'s field numbers on the wire', () => {
  // field 1, wire type 2 (length-delimited) = 0x0a
  assert.equal(hex(credentialsRequest.encode({ host: 'ab' })), '0a026162');
  // Username is field 1, Secret field 2 (0x12)
  assert.equal(hex(credentialsResponse.encode({ username: 'u', secret: 'p' })), '0a0175' + '120170');
  assert.equal(hex(getSecretResponse.encode({ data: Buffer.from([0, 255]) })), '0a0200ff');
  // status is field 1 varint: SERVING = 1
  assert.equal(hex(healthCheckResponse.encode({ status: HealthStatus.SERVING })), '0801');
  // proto3 leaves defaults off the wire: an anonymous answer is an empty message
  assert.equal(hex(credentialsResponse.encode({ username: '', secret: '' })), '');
});

test('messages round-trip, including the secret request\'s annotations map and repeated scopes', () => {
  assert.deepEqual(credentialsRequest.decode(credentialsRequest.encode({ host: '127.0.0.1:5000' })), { host: '127.0.0.1:5000' });
  assert.deepEqual(credentialsResponse.decode(credentialsResponse.encode({ username: 'alice', secret: 'pw' })), { username: 'alice', secret: 'pw' });
  const secretRequest = { id: 'token', annotations: { 'a.b': 'c', empty: '' } };
  assert.deepEqual(getSecretRequest.decode(getSecretRequest.encode(secretRequest)), secretRequest);
  assert.deepEqual(getSecretRequest.decode(new Uint8Array()), { id: '', annotations: {} });
  const data = Buffer.from([1, 2, 3, 0, 255]);
  assert.deepEqual(Buffer.from(getSecretResponse.decode(getSecretResponse.encode({ data })).data), data);
  assert.deepEqual(healthCheckRequest.decode(healthCheckRequest.encode({ service: '' })), { service: '' });
  const token = { clientId: 'buildkit', host: 'ghcr.io', realm: 'https://ghcr.io/token', service: 'ghcr.io', scopes: ['repository:a/b:pull', 'repository:c:pull'] };
  assert.deepEqual(fetchTokenRequest.decode(fetchTokenRequest.encode(token)), token);
});

test('bytes that are not the message are an INTERNAL gRPC error, not a crash', () => {
  // field 1 as length-delimited with a length past the end
  assert.throws(() => credentialsRequest.decode(Buffer.from([0x0a, 0x10, 0x61])), grpcCode(GrpcCode.INTERNAL));
  // an unknown field 3 with wire type 7, which does not exist
  assert.throws(() => getSecretRequest.decode(Buffer.from([0x1f, 0x00])), grpcCode(GrpcCode.INTERNAL));
});

test('health answers SERVING; only configured services are announced', async () => {
  const bare = createSessionHandler({});
  assert.deepEqual(bare.methods, [SessionMethod.health]);
  const health = await bare.handle(SessionMethod.health, healthCheckRequest.encode({ service: '' }));
  assert.equal(health.code, GrpcCode.OK);
  assert.equal(healthCheckResponse.decode(health.payload!).status, HealthStatus.SERVING);
  assert.equal((await bare.handle(SessionMethod.credentials, credentialsRequest.encode({ host: 'x' }))).code, GrpcCode.UNIMPLEMENTED);
  assert.equal((await bare.handle(SessionMethod.getSecret, getSecretRequest.encode({ id: 'x', annotations: {} }))).code, GrpcCode.UNIMPLEMENTED);
  const full = createSessionHandler({ credentials: () => null, secrets: new Map() });
  assert.deepEqual([...full.methods].sort(), [SessionMethod.credentials, SessionMethod.getSecret, SessionMethod.health].sort());
});

test('token methods answer UNIMPLEMENTED so BuildKit falls back to Credentials', async () => {
  const handler = createSessionHandler({ credentials: () => ({ username: 'u', secret: 'p' }) });
  for (const method of ['/moby.filesync.v1.Auth/FetchToken', '/moby.filesync.v1.Auth/GetTokenAuthority', '/moby.filesync.v1.FileSync/DiffCopy']) {
    const result = await handler.handle(method, new Uint8Array());
    assert.equal(result.code, GrpcCode.UNIMPLEMENTED, method);
    assert.equal(result.call.method, method);
  }
  assert.ok(!handler.methods.includes('/moby.filesync.v1.Auth/FetchToken'));
});

test('credentials: the host is passed through, a login is returned, none means anonymous', async () => {
  const asked: string[] = [];
  const handler = createSessionHandler({
    credentials: async (host) => {
      asked.push(host);
      return host === 'reg.example:5000' ? { username: 'alice', secret: 'pw-1' } : null;
    },
  });
  const found = await handler.handle(SessionMethod.credentials, credentialsRequest.encode({ host: 'reg.example:5000' }));
  assert.equal(found.code, GrpcCode.OK);
  assert.deepEqual(credentialsResponse.decode(found.payload!), { username: 'alice', secret: 'pw-1' });
  assert.deepEqual(found.call, { method: SessionMethod.credentials, code: GrpcCode.OK, host: 'reg.example:5000', supplied: true });
  const none = await handler.handle(SessionMethod.credentials, credentialsRequest.encode({ host: 'registry-1.docker.io' }));
  assert.equal(none.code, GrpcCode.OK);
  assert.deepEqual(credentialsResponse.decode(none.payload!), { username: '', secret: '' });
  assert.equal(none.call.supplied, false);
  assert.deepEqual(asked, ['reg.example:5000', 'registry-1.docker.io']);
});

test('a failing credentials lookup answers INTERNAL without passing its error text on', async () => {
  const handler = createSessionHandler({
    credentials: () => {
      throw new Error('vault said: password hunter2 is wrong');
    },
  });
  const result = await handler.handle(SessionMethod.credentials, credentialsRequest.encode({ host: 'h' }));
  assert.equal(result.code, GrpcCode.INTERNAL);
  assert.doesNotMatch(JSON.stringify(result), /hunter2/);
  assert.match(result.message ?? '', /login for h/);
});

test('secrets: a known id returns its bytes, an unknown id is NOT_FOUND, from a Map or a record', async () => {
  const value = Buffer.from('s3cret\0bytes');
  for (const secrets of [new Map([['token', value]]), { token: value }]) {
    const handler = createSessionHandler({ secrets });
    const found = await handler.handle(SessionMethod.getSecret, getSecretRequest.encode({ id: 'token', annotations: {} }));
    assert.equal(found.code, GrpcCode.OK);
    assert.deepEqual(Buffer.from(getSecretResponse.decode(found.payload!).data), value);
    assert.deepEqual(found.call, { method: SessionMethod.getSecret, code: GrpcCode.OK, secretId: 'token' });
    const missing = await handler.handle(SessionMethod.getSecret, getSecretRequest.encode({ id: 'other', annotations: {} }));
    assert.equal(missing.code, GrpcCode.NOT_FOUND);
    assert.equal(missing.call.secretId, 'other');
    // a record's prototype is not a secret store
    const inherited = await handler.handle(SessionMethod.getSecret, getSecretRequest.encode({ id: 'constructor', annotations: {} }));
    assert.equal(inherited.code, GrpcCode.NOT_FOUND);
  }
});

test('a garbled request is INTERNAL and names no value', async () => {
  const handler = createSessionHandler({ secrets: { token: Buffer.from('v') } });
  const result = await handler.handle(SessionMethod.getSecret, Buffer.from([0x0a, 0x7f]));
  assert.equal(result.code, GrpcCode.INTERNAL);
});
