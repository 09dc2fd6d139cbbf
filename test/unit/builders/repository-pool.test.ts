import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../../src/main/core/db/database';
import { migrations } from '../../../src/main/core/db/migrations';
import { RepositoryStore } from '../../../src/main/core/catalog/repository-store';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';
import { ok } from '../../support/triggers';

test('a repository builds on any builder or a chosen set; the single builderId of earlier versions is a set of one', async () => {
  const core = testCore(tempDir());
  try {
    const registry = await ok(core, 'registries:create', { name: 'Local', endpoint: 'localhost:5000', username: '', insecure: true });
    const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'team' });
    const created = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'app' });
    assert.deepEqual(created.builderPool, ['local'], 'a new repository builds on the local engine until told otherwise');
    assert.deepEqual((await ok(core, 'repositories:update', { id: created.id, builderPool: 'any' })).builderPool, 'any');
    assert.deepEqual((await ok(core, 'repositories:update', { id: created.id, builderPool: ['b1', 'b2', 'b1'] })).builderPool, ['b1', 'b2']);
    assert.deepEqual((await ok(core, 'repositories:update', { id: created.id, builderId: 'b3' })).builderPool, ['b3']);
    assert.deepEqual((await ok(core, 'repositories:update', { id: created.id, summary: 'kept' })).builderPool, ['b3'], 'a patch without a pool keeps it');
    const empty = await core.call('repositories:update', { id: created.id, builderPool: [] });
    assert.equal(empty.ok, false, 'a chosen set is never empty');
    const old = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'old-client', builderId: 'b4' });
    assert.deepEqual(old.builderPool, ['b4']);
  } finally {
    core.close();
  }
});

test('migration 12 turns each stored builder id into a pool of one', () => {
  const path = join(tempDir(), 'old.db');
  const before = openDatabase(path, { migrations: migrations.filter((m) => m.version < 12) });
  before.prepare("INSERT INTO registries (id, name, endpoint, username, insecure, created_at) VALUES ('r1', 'R', 'localhost:5000', '', 1, 't')").run();
  before.prepare("INSERT INTO namespaces (id, registry_id, name, auto_create, default_type, created_at) VALUES ('n1', 'r1', 'team', 1, 'private', 't')").run();
  before.prepare("INSERT INTO image_repositories (id, namespace_id, name, type, summary, description, auto_build, no_cache, builder_id, created_at) VALUES ('i1', 'n1', 'app', 'private', '', '', 1, 0, 'remote-7', 't')").run();
  before.close();
  const after = openDatabase(path);
  assert.deepEqual(new RepositoryStore(after).repository('i1').builderPool, ['remote-7']);
  after.close();
});
