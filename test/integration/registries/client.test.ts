import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RegistryClient } from '../../../src/main/core/registries';
import { AppError, type ErrorCode } from '../../../src/shared/errors';
import { pushImage, pushIndex, sha } from '../../support/images';
import { freePort } from '../../support/ports';
import { startRegistry, type RunningRegistry } from '../../support/registry';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  assert.fail('expected a failure');
}

function expectCode(error: AppError, code: ErrorCode, secret?: string) {
  assert.equal(error.code, code, `${error.code}: ${error.message}`);
  assert.ok(error.hint, 'every failure carries a hint');
  if (secret) assert.equal(`${error.message} ${error.hint}`.includes(secret), false, 'the password never appears in an error');
}

describe('anonymous registry over plain HTTP', () => {
  let registry: RunningRegistry;
  before(async () => (registry = await startRegistry()));
  after(() => registry.stop());

  test('ping needs no login', async () => {
    const result = await new RegistryClient({ host: registry.host, insecure: true }).ping();
    assert.equal(result.authKind, 'none');
    assert.equal(result.apiVersion, 'registry/2.0');
  });

  test('without "insecure", an HTTP registry is refused with the fix', async () => {
    const error = await failure(new RegistryClient({ host: registry.host, insecure: false }).ping());
    expectCode(error, 'tls');
    assert.match(error.hint ?? '', /mark it insecure/);
  });

  test('tags are listed across pages', async () => {
    const client = new RegistryClient({ host: registry.host, insecure: true });
    const tags = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7'];
    for (const tag of tags) await pushImage(client, 'acme/paged', tag);
    assert.deepEqual((await client.listTags('acme/paged', 3)).sort(), tags);
    assert.deepEqual(await client.listTags('acme/none', 3), []);
  });

  test('a single image is described with digest, size, platform and creation time', async () => {
    const client = new RegistryClient({ host: registry.host, insecure: true });
    const pushed = await pushImage(client, 'acme/single', 'latest', { os: 'linux', architecture: 'arm64' });
    const described = await client.describeTag('acme/single', 'latest');
    assert.equal(described.digest, sha(pushed.bytes));
    assert.equal(described.digest, pushed.digest);
    assert.equal(described.size, pushed.size);
    assert.deepEqual(described.platforms, ['linux/arm64']);
    assert.equal(described.created, '2026-11-20T10:00:00Z');
  });

  test('a multi-arch OCI index is described with every platform', async () => {
    const client = new RegistryClient({ host: registry.host, insecure: true });
    const index = await pushIndex(client, 'acme/multi', '1.0', [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    const described = await client.describeTag('acme/multi', '1.0');
    assert.equal(described.digest, sha(index.bytes));
    assert.equal(described.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.deepEqual(described.platforms, ['linux/amd64', 'linux/arm64/v8']);
    assert.equal(described.size, index.size);
  });

  test('a missing tag is not_found', async () => {
    const error = await failure(new RegistryClient({ host: registry.host, insecure: true }).describeTag('acme/single', 'nope'));
    expectCode(error, 'not_found');
  });
});

describe('htpasswd (Basic) registry', () => {
  // distribution serves htpasswd auth only over TLS.
  let registry: RunningRegistry;
  before(async () => (registry = await startRegistry({ auth: 'htpasswd', tls: true })));
  const endpoint = () => ({ host: registry.host, insecure: false, caCertPem: registry.caCertPem as string });
  after(() => registry.stop());

  test('the right login passes, as Basic', async () => {
    const [user] = registry.users;
    assert.ok(user);
    const result = await new RegistryClient(endpoint(), { username: user.username, secret: user.password }).ping();
    assert.equal(result.authKind, 'basic');
  });

  test('a wrong password is unauthorized, says which password to use, and is not echoed', async () => {
    const wrong = 'wrong-password-9931';
    const error = await failure(new RegistryClient(endpoint(), { username: 'alice', secret: wrong }).ping());
    expectCode(error, 'unauthorized', wrong);
    assert.match(error.hint ?? '', /registry's password or an access token/);
  });

  test('no login at all says a login is needed', async () => {
    const error = await failure(new RegistryClient(endpoint()).ping());
    expectCode(error, 'unauthorized');
    assert.match(error.message, /needs a login/);
  });

  test('pushing and listing work with the login', async () => {
    const [user] = registry.users;
    assert.ok(user);
    const client = new RegistryClient(endpoint(), { username: user.username, secret: user.password });
    await pushImage(client, 'alice/app', 'v1');
    assert.deepEqual(await client.listTags('alice/app'), ['v1']);
  });
});

describe('TLS registry with its own CA', () => {
  let registry: RunningRegistry;
  before(async () => (registry = await startRegistry({ tls: true })));
  after(() => registry.stop());

  test('with the CA given, it connects', async () => {
    const result = await new RegistryClient({ host: registry.host, insecure: false, caCertPem: registry.caCertPem as string }).ping();
    assert.equal(result.authKind, 'none');
  });

  test('without the CA, the certificate is not trusted and the hint says to add it', async () => {
    const error = await failure(new RegistryClient({ host: registry.host, insecure: false }).ping());
    expectCode(error, 'tls');
    assert.match(error.hint ?? '', /CA certificate/);
  });
});

test('nobody listening is unreachable', async () => {
  const port = await freePort();
  const error = await failure(new RegistryClient({ host: `127.0.0.1:${port}`, insecure: true }, undefined, { timeoutMs: 2000 }).ping());
  expectCode(error, 'unreachable');
  assert.match(error.message, /ECONNREFUSED/);
});

describe('token-auth registry (Bearer, Docker token spec)', () => {
  let registry: RunningRegistry;
  const reader = { username: 'reader', password: 'reader-pw-20d1' };
  before(async () => (registry = await startRegistry({ auth: 'token', pullOnlyUsers: [reader] })));
  after(() => registry.stop());
  const endpoint = () => ({ host: registry.host, insecure: true });

  test('the token flow logs in and pushes', async () => {
    const [user] = registry.users;
    assert.ok(user);
    const client = new RegistryClient(endpoint(), { username: user.username, secret: user.password });
    assert.equal((await client.ping()).authKind, 'bearer');
    const pushed = await pushImage(client, 'team/app', 'v1');
    assert.deepEqual(await client.listTags('team/app'), ['v1']);
    assert.equal((await client.describeTag('team/app', 'v1')).digest, pushed.digest);
  });

  test('a wrong password is refused by the token service as unauthorized', async () => {
    const error = await failure(new RegistryClient(endpoint(), { username: 'alice', secret: 'bad-5521' }).ping());
    expectCode(error, 'unauthorized', 'bad-5521');
  });

  test('a pull-only account may list but not push: forbidden, with what to change', async () => {
    const owner = registry.users[0];
    assert.ok(owner);
    await pushImage(new RegistryClient(endpoint(), { username: owner.username, secret: owner.password }), 'team/lib', 'v1');
    const client = new RegistryClient(endpoint(), { username: reader.username, secret: reader.password });
    assert.deepEqual(await client.listTags('team/lib'), ['v1']);
    const error = await failure(pushImage(client, 'team/lib', 'v2'));
    expectCode(error, 'forbidden');
    assert.match(error.message, /may not push to team\/lib/);
  });
});
