import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Core } from '../../../src/main/core';
import type { Channel, MethodInput, MethodOutput } from '../../../src/shared/contract';
import type { ErrorEnvelope } from '../../../src/shared/errors';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';

async function ok<C extends Channel>(core: Core, channel: C, input: MethodInput<C>): Promise<MethodOutput<C>> {
  const r = await core.call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.result as MethodOutput<C>;
}

async function fails(core: Core, channel: Channel, input: unknown): Promise<ErrorEnvelope> {
  const r = await core.call(channel, input);
  assert.equal(r.ok, false, `${channel} should have failed`);
  return (r as { error: ErrorEnvelope }).error;
}

test('a registry keeps its password in the vault and never returns it', async () => {
  const dir = tempDir();
  const core = testCore(dir);
  const password = 'registry-pass-7f3a9c1e5b';
  const registry = await ok(core, 'registries:create', { name: 'Local', endpoint: 'http://LOCALHOST:5000/', username: 'alice', password, insecure: true });
  assert.equal(registry.endpoint, 'localhost:5000');
  assert.equal(registry.hasPassword, true);
  const listed = await ok(core, 'registries:list', {});
  assert.equal(JSON.stringify(listed).includes(password), false);
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  assert.equal(readFileSync(join(dir, 'slipway.db')).includes(Buffer.from(password)), false);
  // Editing other fields keeps the password; an empty one clears it.
  assert.equal((await ok(core, 'registries:update', { id: registry.id, username: 'bob' })).hasPassword, true);
  assert.equal((await ok(core, 'registries:update', { id: registry.id, password: '' })).hasPassword, false);
  core.close();
});

test('registry addresses are checked and explained', async () => {
  const core = testCore();
  const repoUrl = await fails(core, 'registries:create', { name: 'x', endpoint: 'https://ghcr.io/acme/app' });
  assert.equal(repoUrl.code, 'invalid_input');
  assert.match(repoUrl.message, /repository address, not a registry/);
  assert.match(repoUrl.hint ?? '', /only the registry host/);
  assert.equal((await fails(core, 'registries:create', { name: 'x', endpoint: 'not a host' })).code, 'invalid_input');
  assert.equal((await ok(core, 'registries:create', { name: 'Hub', endpoint: 'index.docker.io' })).endpoint, 'docker.io');
  assert.equal((await ok(core, 'registries:create', { name: 'v6', endpoint: '[::1]:5000' })).endpoint, '[::1]:5000');
  const dup = await fails(core, 'registries:create', { name: 'hub', endpoint: 'quay.io' });
  assert.equal(dup.code, 'conflict');
  const badCa = await fails(core, 'registries:create', { name: 'ca', endpoint: 'r.example', caCertPem: 'hello' });
  assert.match(badCa.message, /PEM/);
  core.close();
});

test('namespaces and image repositories: grammar, defaults, conflicts, cascade', async () => {
  const core = testCore();
  const registry = await ok(core, 'registries:create', { name: 'R', endpoint: 'registry.example:5000' });
  const bad = await fails(core, 'namespaces:create', { registryId: registry.id, name: 'Acme' });
  assert.equal(bad.code, 'invalid_input');
  const ns = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'acme', defaultRepositoryType: 'public' });
  assert.equal((await fails(core, 'namespaces:create', { registryId: registry.id, name: 'acme' })).code, 'conflict');
  assert.equal((await fails(core, 'repositories:create', { namespaceId: ns.id, name: 'My_App' })).code, 'invalid_input');
  assert.equal((await fails(core, 'repositories:create', { namespaceId: ns.id, name: 'a--' })).code, 'invalid_input');
  const repo = await ok(core, 'repositories:create', { namespaceId: ns.id, name: 'web-app', summary: 'The site' });
  assert.equal(repo.type, 'public', 'takes the namespace default type');
  assert.equal(repo.reference, 'registry.example:5000/acme/web-app');
  assert.equal(repo.autoBuild, true);
  const updated = await ok(core, 'repositories:update', { id: repo.id, noCache: true, description: '# Hello' });
  assert.equal(updated.noCache, true);
  assert.equal(updated.description, '# Hello');
  const busy = await fails(core, 'namespaces:delete', { id: ns.id });
  assert.equal(busy.code, 'conflict');
  await ok(core, 'registries:delete', { id: registry.id });
  assert.deepEqual(await ok(core, 'repositories:list', {}), []);
  assert.deepEqual(await ok(core, 'namespaces:list', {}), []);
  assert.equal((await fails(core, 'repositories:get', { id: repo.id })).code, 'not_found');
  core.close();
});

test('an update changes only the fields it names', async () => {
  const core = testCore();
  const registry = await ok(core, 'registries:create', { name: 'R', endpoint: 'localhost:5000', insecure: true, username: 'alice', password: 'pw' });
  const renamed = await ok(core, 'registries:update', { id: registry.id, name: 'Renamed' });
  assert.deepEqual({ ...renamed, name: 'R' }, registry);
  const ns = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'acme' });
  const repo = await ok(core, 'repositories:create', { namespaceId: ns.id, name: 'app', summary: 's', noCache: true, autoBuild: false });
  const described = await ok(core, 'repositories:update', { id: repo.id, description: 'd' });
  assert.deepEqual({ ...described, description: '' }, repo);
  core.close();
});
