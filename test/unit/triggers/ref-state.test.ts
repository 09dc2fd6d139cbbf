import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../../src/main/core/db/database';
import { RefStateStore } from '../../../src/main/core/triggers/ref-state';
import { testCore } from '../../support/core';
import { ok, sleep } from '../../support/triggers';

const url = 'https://git.example.test/acme/app.git';
const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const c = 'c'.repeat(40);

/** The database as the store sees it, counting the statements it runs: reads (get, all) and writes (run). */
function counted(db: Db): { db: Db; reads: () => number; writes: () => number } {
  let reads = 0;
  let writes = 0;
  const wrap = (statement: Statement): Statement =>
    new Proxy(statement, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (prop === 'get' || prop === 'all') reads++;
          if (prop === 'run') writes++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrap(target.prepare(sql));
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, reads: () => reads, writes: () => writes };
}

async function repository() {
  const core = testCore();
  const registry = await ok(core, 'registries:create', { name: 'R', endpoint: 'registry.test' });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'acme' });
  const repo = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'app', codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/app', cloneUrl: url } });
  return { core, id: repo.id };
}

test('a check of an unchanged remote reads and writes nothing; its time is written by the next flush', async () => {
  const { core, id } = await repository();
  const { db, reads, writes } = counted(core.db);
  const store = new RefStateStore(db);
  assert.equal(store.refs(id, url), null);
  store.checked(id, url, 'first try failed');
  store.reset(id, url, new Map([['branch:main', a]]));
  store.checked(id, url, null);
  await sleep(5);
  const [r0, w0] = [reads(), writes()];
  for (let i = 0; i < 3; i++) {
    // What the watcher does per check: the last refs, the previous status, the check recorded, the status shown.
    assert.deepEqual([...(store.refs(id, url) ?? [])], [['branch:main', a]]);
    store.watch(id);
    store.checked(id, url, null);
    store.watch(id);
  }
  assert.equal(reads() - r0, 0, 'no reads');
  assert.equal(writes() - w0, 0, 'no writes');
  const checkedAt = store.watch(id)?.lastCheckedAt;
  assert.notEqual(new RefStateStore(core.db).watch(id)?.lastCheckedAt, checkedAt, 'not written yet');
  store.flush();
  assert.equal(writes() - w0, 1, 'one write at the flush');
  assert.equal(new RefStateStore(core.db).watch(id)?.lastCheckedAt, checkedAt);
  store.flush();
  assert.equal(writes() - w0, 1, 'nothing left to write');
  // A failure is a change of status: written at once.
  store.checked(id, url, 'unreachable');
  assert.equal(writes() - w0, 2);
  assert.equal(new RefStateStore(core.db).watch(id)?.lastError, 'unreachable');
  core.close();
});

test('what the store keeps in memory is what the database holds, after every kind of write', async () => {
  const { core, id } = await repository();
  const store = new RefStateStore(core.db);
  const same = (when: string) => {
    store.flush();
    const fresh = new RefStateStore(core.db);
    assert.deepEqual(store.watch(id), fresh.watch(id), `watch row ${when}`);
    assert.deepEqual([...(store.refs(id, url) ?? [])].sort(), [...(fresh.refs(id, url) ?? [])].sort(), `refs ${when}`);
  };
  store.checked(id, url, 'unreachable');
  store.checked(id, url, 'unreachable');
  same('after two failures');
  assert.equal(store.watch(id)?.failures, 2);
  store.reset(id, url, new Map([['branch:main', a], ['tag:v1', b]]));
  store.checked(id, url, null);
  same('after the first look');
  store.apply(id, url, [{ kind: 'branch', name: 'main', after: c }, { kind: 'tag', name: 'v1', after: null }, { kind: 'branch', name: 'dev', after: a }]);
  store.checked(id, url, null);
  same('after changes');
  assert.deepEqual([...(store.refs(id, url) ?? [])].sort(), [['branch:dev', a], ['branch:main', c]]);
  // Another clone URL is a remote never seen.
  assert.equal(store.refs(id, 'https://git.example.test/acme/other.git'), null);

  // A check that ends after its repository was deleted writes nothing: not at once, not at the flush.
  await ok(core, 'repositories:delete', { id });
  store.checked(id, url, null);
  store.flush();
  assert.throws(() => store.checked(id, url, 'unreachable'), /FOREIGN KEY/);
  assert.equal(new RefStateStore(core.db).watch(id), null);
  core.close();
});
