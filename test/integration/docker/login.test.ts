import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Channel, MethodInput, MethodOutput } from '../../../src/shared/contract';
import { testCore } from '../../support/core';
import { cli, ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { startRegistry, type RunningRegistry } from '../../support/registry';
import { tempDir } from '../../support/temp';

// "Log in local Docker" checked with Debian's real docker CLI and engine against a real
// docker-registry with htpasswd auth: what Slipway writes must be what docker reads. The registry
// serves plain HTTP: over TLS with a private CA the engine falls back to HTTP for a loopback
// registry after a 401, and reports the fallback's connection reset instead of "unauthorized".
const helperDir = join(import.meta.dirname, '..', '..', 'support', 'credential-helper');
let registry: RunningRegistry;
let engine: TestEngine;
let image: string;

before(async () => {
  [registry, engine] = await Promise.all([startRegistry({ auth: 'htpasswd' }), testEngine()]);
  const user = registry.users[0]!;
  image = `${registry.host}/private/app:1`;
  // The private image is put there by docker itself, logged in through a scratch config.
  const env = { DOCKER_CONFIG: tempDir() };
  await cli(engine, ['tag', await ensureBusyboxImage(engine), image]);
  assert.equal((await cli(engine, ['login', '-u', user.username, '--password-stdin', registry.host], { env, input: user.password })).code, 0);
  const pushed = await cli(engine, ['push', image], { env });
  assert.equal(pushed.code, 0, pushed.stderr);
  await cli(engine, ['rmi', image]);
});
after(async () => registry.stop());

interface Setup {
  readonly config: string;
  readonly helperCalls: string;
  readonly env: Record<string, string>;
  call<C extends Channel>(channel: C, input: MethodInput<C>): Promise<MethodOutput<C>>;
  fail<C extends Channel>(channel: C, input: MethodInput<C>): Promise<{ code: string; message: string; hint?: string }>;
  registryId: string;
}

async function setup(password?: string, configJson?: unknown, mode = 0o600): Promise<Setup> {
  const home = tempDir();
  const dockerConfig = join(home, '.docker');
  mkdirSync(dockerConfig);
  const config = join(dockerConfig, 'config.json');
  if (configJson !== undefined) {
    writeFileSync(config, JSON.stringify(configJson, null, 2));
    chmodSync(config, mode);
  }
  const helperState = join(home, 'helper');
  mkdirSync(helperState);
  const env = {
    HOME: home,
    DOCKER_CONFIG: dockerConfig,
    DOCKER_HOST: engine.host,
    PATH: `${helperDir}:${process.env.PATH ?? ''}`,
    SLIPWAY_TEST_HELPER_DIR: helperState,
    REGISTRY_AUTH_FILE: join(home, 'containers-auth.json'),
  };
  const core = testCore(tempDir(), env);
  after(() => core.close());
  const call = async <C extends Channel>(channel: C, input: MethodInput<C>) => {
    const r = await core.call(channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.result as MethodOutput<C>;
  };
  const fail = async <C extends Channel>(channel: C, input: MethodInput<C>) => {
    const r = await core.call(channel, input);
    assert.equal(r.ok, false, `${channel} should fail`);
    return r.ok ? { code: '', message: '' } : r.error;
  };
  const user = registry.users[0]!;
  const saved = await call('registries:create', { name: 'Private', endpoint: registry.host, insecure: true, username: user.username, password: password ?? user.password });
  return { config, helperCalls: join(helperState, 'calls.jsonl'), env, call, fail, registryId: saved.id };
}

const docker = (s: Setup, args: string[], input?: string) => cli(engine, args, { env: s.env, ...(input !== undefined ? { input } : {}) });

test('after "Log in local Docker" the real docker pulls and pushes a private image; after "Log out" it is unauthorized again', async () => {
  const s = await setup();
  const before = await docker(s, ['pull', image]);
  assert.notEqual(before.code, 0);
  assert.match(before.stderr, /no basic auth credentials|unauthorized/i);

  const result = await s.call('dockerLogin:login', { registryId: s.registryId });
  assert.deepEqual(result.holder, { kind: 'file', name: s.config });
  assert.equal(statSync(s.config).mode & 0o777, 0o600, 'a new config holding a password is private to its owner');
  const written = JSON.parse(readFileSync(s.config, 'utf8')) as { auths: Record<string, { auth: string }> };
  assert.equal(Buffer.from(written.auths[registry.host]!.auth, 'base64').toString(), `${registry.users[0]!.username}:${registry.users[0]!.password}`);

  const pulled = await docker(s, ['pull', image]);
  assert.equal(pulled.code, 0, pulled.stderr);
  const pushedRef = `${registry.host}/private/app:pushed-by-docker`;
  assert.equal((await docker(s, ['tag', image, pushedRef])).code, 0);
  const pushed = await docker(s, ['push', pushedRef]);
  assert.equal(pushed.code, 0, pushed.stderr);

  const status = await s.call('dockerLogin:status', {});
  const login = status.logins.find((l) => l.server === registry.host);
  assert.ok(login, 'the login is listed');
  assert.equal(login.registryId, s.registryId);
  assert.equal(login.username, registry.users[0]!.username);
  assert.equal(login.check.state, 'works', login.check.message);
  assert.equal(status.configPath, s.config);
  assert.equal(JSON.stringify(status).includes(registry.users[0]!.password), false, 'the status never carries the password');

  await s.call('dockerLogin:logout', { server: registry.host });
  await docker(s, ['rmi', image, pushedRef]);
  const afterLogout = await docker(s, ['pull', image]);
  assert.notEqual(afterLogout.code, 0);
  assert.match(afterLogout.stderr, /no basic auth credentials|unauthorized/i);
});

test('with a credential helper, Slipway sends the helper exactly what the docker CLI sends, and leaves everything else in config.json alone', async () => {
  const original = {
    auths: { 'other.example.com': { auth: Buffer.from('bob:bobs-secret').toString('base64') } },
    credsStore: 'slipwaytest',
    credHelpers: { 'gcr.example.com': 'missing-helper-for-another-host' },
    currentContext: 'default',
    psFormat: 'table {{.ID}}',
    'x-unknown-key': { nested: [1, 2, 3] },
  };
  const byCli = await setup(undefined, original, 0o644);
  const bySlipway = await setup(undefined, original, 0o644);
  const user = registry.users[0]!;

  const cliLogin = await docker(byCli, ['login', '-u', user.username, '--password-stdin', registry.host], user.password);
  assert.equal(cliLogin.code, 0, cliLogin.stderr);
  await bySlipway.call('dockerLogin:login', { registryId: bySlipway.registryId });
  const calls = (s: Setup) => readFileSync(s.helperCalls, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { command: string; input: string });
  const stores = (s: Setup) => calls(s).filter((c) => c.command === 'store');
  assert.deepEqual(stores(bySlipway), stores(byCli), 'same store payload, byte for byte');
  assert.equal(stores(bySlipway).length, 1);

  const after = JSON.parse(readFileSync(bySlipway.config, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(after, { ...original, auths: { ...original.auths, [registry.host]: {} } }, 'one entry added, nothing else changed');
  assert.equal(statSync(bySlipway.config).mode & 0o777, 0o644, 'the file keeps its permissions');
  assert.equal(readFileSync(bySlipway.config, 'utf8').includes(user.password), false, 'the password went to the helper, not the file');

  // docker itself reads the login back through the helper.
  const pulled = await docker(bySlipway, ['pull', image]);
  assert.equal(pulled.code, 0, pulled.stderr);
  await docker(bySlipway, ['rmi', image]);

  const cliLogout = await docker(byCli, ['logout', registry.host]);
  assert.equal(cliLogout.code, 0, cliLogout.stderr);
  await bySlipway.call('dockerLogin:logout', { server: registry.host });
  const erases = (s: Setup) => [...new Set(calls(s).filter((c) => c.command === 'erase').map((c) => c.input))];
  assert.deepEqual(erases(bySlipway), erases(byCli), 'the same keys erased');
  assert.deepEqual(JSON.parse(readFileSync(bySlipway.config, 'utf8')), original, 'logging out restores the file exactly');
});

test('a wrong stored password is refused before anything is written, with the registry-password hint', async () => {
  const original = { auths: {}, 'x-keep': true };
  const s = await setup('my-account-password', original);
  const before = readFileSync(s.config, 'utf8');
  const error = await s.fail('dockerLogin:login', { registryId: s.registryId });
  assert.equal(error.code, 'unauthorized');
  assert.match(error.hint ?? '', /registry's password or an access token, not your account's sign-in password/);
  assert.equal(readFileSync(s.config, 'utf8'), before);
});

test('a helper named in config.json but not installed is reported, and login says how to fix it', async () => {
  const s = await setup(undefined, { credsStore: 'not-installed-anywhere' });
  const status = await s.call('dockerLogin:status', {});
  assert.ok(status.problems.some((p) => /docker-credential-not-installed-anywhere is not on PATH/.test(p.message)));
  const error = await s.fail('dockerLogin:login', { registryId: s.registryId });
  assert.equal(error.code, 'unavailable');
  assert.match(error.hint ?? '', /remove "not-installed-anywhere" from credsStore/);
});

test('podman: the login goes to containers-auth.json and comes out again', async () => {
  const s = await setup();
  const result = await s.call('dockerLogin:login', { registryId: s.registryId, tool: 'podman' });
  assert.equal(result.holder.name, s.env.REGISTRY_AUTH_FILE);
  const auth = JSON.parse(readFileSync(s.env.REGISTRY_AUTH_FILE!, 'utf8')) as { auths: Record<string, { auth: string }> };
  assert.ok(auth.auths[registry.host]?.auth);
  const status = await s.call('dockerLogin:status', {});
  assert.ok(status.logins.some((l) => l.tool === 'podman' && l.server === registry.host && l.check.state === 'works'));
  await s.call('dockerLogin:logout', { server: registry.host, tool: 'podman' });
  assert.deepEqual(JSON.parse(readFileSync(s.env.REGISTRY_AUTH_FILE!, 'utf8')), { auths: {} });
  const again = await s.fail('dockerLogin:logout', { server: registry.host, tool: 'podman' });
  assert.equal(again.code, 'not_found');
});

test('the engine docker talks to and the contexts are shown as found', async () => {
  const s = await setup(undefined, { currentContext: 'default' });
  const status = await s.call('dockerLogin:status', {});
  assert.equal(status.engine.endpoint, engine.host);
  assert.equal(status.engine.source, 'DOCKER_HOST');
  assert.equal(status.engine.dockerHost, engine.host);
  assert.deepEqual(status.contexts.map((c) => c.name), ['default']);
});

test('access check: a pull-only account is told "denied" for push, a wrong password "unauthorized"', async () => {
  const reader = { username: 'reader', password: 'reader-pw-5521' };
  const tokenRegistry = await startRegistry({ auth: 'token', pullOnlyUsers: [reader] });
  after(() => tokenRegistry.stop());
  const core = testCore();
  after(() => core.close());
  const create = async (password: string) => {
    const r = await core.call('registries:create', { name: `Token ${password}`, endpoint: tokenRegistry.host, insecure: true, username: reader.username, password });
    assert.ok(r.ok);
    return (r.result as MethodOutput<'registries:create'>).id;
  };
  const access = async (id: string) => {
    const r = await core.call('dockerLogin:access', { registryId: id, repository: 'team/app' });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.result as MethodOutput<'dockerLogin:access'>;
  };
  const good = await access(await create(reader.password));
  assert.equal(good.pull.state, 'works', good.pull.message);
  assert.equal(good.push.state, 'failed');
  assert.equal(good.push.code, 'forbidden');
  assert.match(good.push.message, /may not push to team\/app/);

  const wrong = await access(await create('my-account-password'));
  assert.equal(wrong.pull.code, 'unauthorized');
  assert.match(wrong.pull.hint ?? '', /not your account's sign-in password/);
});
