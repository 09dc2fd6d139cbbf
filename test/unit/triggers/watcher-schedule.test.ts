import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RepositoryStore } from '../../../src/main/core/catalog/repository-store';
import { RuleStore } from '../../../src/main/core/catalog/rule-store';
import { ActivityLog } from '../../../src/main/core/triggers/activity-log';
import { Dispatcher } from '../../../src/main/core/triggers/dispatcher';
import { RefStateStore } from '../../../src/main/core/triggers/ref-state';
import type { RefMap } from '../../../src/main/core/triggers/remote-refs';
import { RemoteWatcher, type WatcherDeps } from '../../../src/main/core/triggers/watcher';
import type { Core } from '../../../src/main/core';
import { testCore } from '../../support/core';
import { RecordingEnqueuer } from '../../support/recording-enqueuer';
import { ok, sleep, until } from '../../support/triggers';

/** A core whose own watcher stays off, and a watcher driven by a fake ls-remote over its database. */
async function setup(urls: string[], listRefs: (url: string) => Promise<RefMap>, perHostLimit = 2, random?: () => number) {
  const core = testCore();
  await ok(core, 'settings:update', { watchIntervalSeconds: 1 });
  const registry = await ok(core, 'registries:create', { name: 'R', endpoint: 'registry.test' });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'acme' });
  const ids: string[] = [];
  for (const [i, cloneUrl] of urls.entries()) {
    ids.push((await ok(core, 'repositories:create', { namespaceId: namespace.id, name: `app${i}`, codeRepository: { provider: 'git', sourceId: null, fullName: `acme/app${i}`, cloneUrl } })).id);
  }
  const watcher = watcherOver(core, new RepositoryStore(core.db), async (remote) => {
    const refs = new Map([...(await listRefs(remote.cloneUrl))].map(([key, sha]) => [key.replace(/^branch:/, 'refs/heads/').replace(/^tag:/, 'refs/tags/'), sha]));
    return { stamp: JSON.stringify([...refs]), refs };
  }, perHostLimit, random);
  return { core, watcher, ids };
}

/** A watcher at a 1 s interval over the core's database, with the catalog and the remote it is given. */
function watcherOver(core: Core, repositories: WatcherDeps['repositories'], readRefs: WatcherDeps['git']['readRefs'], perHostLimit: number, random?: () => number): RemoteWatcher {
  const activity = new ActivityLog(core.db);
  return new RemoteWatcher({
    ...(random ? { random } : {}),
    repositories,
    state: new RefStateStore(core.db),
    activity,
    dispatcher: new Dispatcher({ rules: new RuleStore(core.db, core.secrets), enqueuer: new RecordingEnqueuer(), activity, changedFiles: async () => [] }),
    intervalSeconds: () => 1,
    git: { readRefs },
    perHostLimit,
  });
}

test('at most perHostLimit checks run against one host at once; other hosts are not held up', async () => {
  let running = 0;
  let peak = 0;
  const hosts = new Set<string>();
  const { core, watcher } = await setup(
    [...Array.from({ length: 6 }, (_, i) => `https://git.busy.test/acme/r${i}.git`), 'https://other.test/acme/x.git'],
    async (url) => {
      const host = new URL(url).host;
      if (host === 'git.busy.test') {
        running++;
        peak = Math.max(peak, running);
        await sleep(300);
        running--;
      } else hosts.add(host);
      return new Map([['branch:main', 'a'.repeat(40)]]);
    },
  );
  watcher.start();
  await sleep(3500);
  watcher.stop();
  assert.equal(peak, 2);
  assert.ok(hosts.has('other.test'));
  core.close();
});

test('a failing host is left alone for a doubling time; success resets it', async () => {
  const calls: number[] = [];
  let failing = true;
  const { core, watcher, ids } = await setup(['https://down.test/acme/a.git'], async () => {
    calls.push(Date.now());
    if (failing) throw new Error("fatal: unable to access 'https://down.test/acme/a.git/': Could not resolve host: down.test");
    return new Map();
  });
  watcher.start();
  await until('the first failure', () => calls.length >= 1, 15_000);
  await sleep(4000);
  // With a 1 s interval, a healthy repository would have been checked about four more times.
  assert.equal(calls.length, 1, 'no retry inside the back-off window');
  const status = watcher.status(ids[0] ?? '');
  assert.equal(status.failures, 1);
  assert.match(status.lastError ?? '', /Could not resolve host/);
  assert.ok(Date.parse(status.nextCheckAt ?? '') - Date.now() > 1000);
  failing = false;
  const after = await watcher.pollNow(ids[0] ?? '');
  assert.equal(after.lastError, null);
  assert.equal(after.failures, 0);
  watcher.stop();
  core.close();
});

test('an unchanged listing is handed its stamp back: nothing compared, queued or written until the flush', async () => {
  const core = testCore();
  const registry = await ok(core, 'registries:create', { name: 'R', endpoint: 'registry.test' });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'acme' });
  const repo = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'app', codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/app', cloneUrl: 'https://git.same.test/acme/app.git' } });
  const given: (string | null)[] = [];
  const refs = new Map([['refs/heads/main', 'a'.repeat(40)]]);
  const activity = new ActivityLog(core.db);
  const enqueuer = new RecordingEnqueuer();
  const state = new RefStateStore(core.db);
  const watcher = new RemoteWatcher({
    repositories: new RepositoryStore(core.db),
    state,
    activity,
    dispatcher: new Dispatcher({ rules: new RuleStore(core.db, core.secrets), enqueuer, activity, changedFiles: async () => [] }),
    intervalSeconds: () => 1,
    git: {
      readRefs: async (_remote, since) => {
        given.push(since);
        return { stamp: 'stamp-1', refs: since === 'stamp-1' ? null : refs };
      },
    },
  });
  const stored = () => core.db.prepare('SELECT last_checked_at FROM trigger_watch WHERE repository_id = ?').get(repo.id) as { last_checked_at: string } | undefined;
  await watcher.pollNow(repo.id);
  await watcher.pollNow(repo.id);
  const written = stored()?.last_checked_at;
  await sleep(5);
  await watcher.pollNow(repo.id);
  const status = await watcher.pollNow(repo.id);
  assert.deepEqual(given, [null, 'stamp-1', 'stamp-1', 'stamp-1']);
  assert.equal(enqueuer.builds.length, 0);
  assert.equal(stored()?.last_checked_at, written, 'unchanged checks wrote nothing');
  assert.ok((status.lastCheckedAt ?? '') > (written ?? ''), 'the status shows the latest check');
  watcher.stop();
  assert.equal(stored()?.last_checked_at, status.lastCheckedAt, 'written when the watcher stops');
  core.close();
});

test('repositories bound to one remote with one account share one listing, and each still records what moved', async () => {
  const shared = 'https://git.test/acme/mono.git';
  const alone = 'https://git.test/acme/alone.git';
  const reads = new Map<string, number>();
  let head = 'a'.repeat(40);
  const { core, watcher, ids } = await setup([shared, shared, shared, alone], async (url) => {
    reads.set(url, (reads.get(url) ?? 0) + 1);
    return new Map([['branch:main', url === shared ? head : 'c'.repeat(40)]]);
  }, 4);
  // Read from the table: a store of its own would answer from what it cached at its first read.
  const recorded = (id: string) => core.db.prepare("SELECT commit_sha FROM trigger_refs WHERE repository_id = ? AND ref_name = 'main'").pluck().get(id);
  const [first, second, third] = ids as [string, string, string, string];
  watcher.start();
  await until('every first look', () => [first, second, third].every((id) => recorded(id) === head), 15_000);
  head = 'b'.repeat(40);
  await until('the push seen by all three', () => [first, second, third].every((id) => recorded(id) === head), 15_000);
  // Counted over the lone repository's next few checks rather than a fixed time: a machine busy
  // with other tests may hold both back for a second.
  const aloneBefore = reads.get(alone) ?? 0;
  await until('three more checks of the lone repository', () => (reads.get(alone) ?? 0) >= aloneBefore + 3, 15_000);
  watcher.stop();
  const sharedReads = reads.get(shared) ?? 0;
  const aloneReads = reads.get(alone) ?? 0;
  // Three repositories, one remote: about as many reads as the lone repository's, not three times as many.
  assert.ok(sharedReads <= aloneReads + 2, `the shared remote was read ${sharedReads} times, the lone one ${aloneReads}`);
  // Check now asks the remote again rather than reuse what another repository just read.
  const before = reads.get(shared) ?? 0;
  await watcher.pollNow(second);
  assert.equal(reads.get(shared), before + 1);
  core.close();
});

test('the same remote read with two accounts is two listings', async () => {
  const url = 'https://git.test/acme/private.git';
  const seen: (string | null)[] = [];
  const core = testCore();
  await ok(core, 'settings:update', { watchIntervalSeconds: 1 });
  const registry = await ok(core, 'registries:create', { name: 'R', endpoint: 'registry.test' });
  const namespace = await ok(core, 'namespaces:create', { registryId: registry.id, name: 'acme' });
  const repositories = new RepositoryStore(core.db);
  const plain = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'plain', codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/private', cloneUrl: url } });
  const other = await ok(core, 'repositories:create', { namespaceId: namespace.id, name: 'other', codeRepository: { provider: 'git', sourceId: null, fullName: 'acme/private', cloneUrl: url } });
  // The second repository reads through a (stand-in) bound account: the catalog keeps its source id.
  const asOther = { ...repositories.repository(other.id), codeRepository: { ...repositories.repository(other.id).codeRepository!, sourceId: 'source-b' } };
  const catalog = { repositories: () => [repositories.repository(plain.id), asOther], repository: (id: string) => (id === other.id ? asOther : repositories.repository(id)), watchList: () => repositories.watchList() };
  const watcher = watcherOver(core, catalog, async (remote) => {
    seen.push(remote.sourceId);
    return { stamp: 'one', refs: new Map([['refs/heads/main', 'a'.repeat(40)]]) };
  }, 4);
  watcher.start();
  await until('both accounts asked', () => seen.includes(null) && seen.includes('source-b'), 15_000);
  watcher.stop();
  core.close();
});

test('checks due within a twentieth of the interval go with one that is due; later ones keep their time', async () => {
  // First checks are spread over the interval (1 s here) by the random draw: at 100, 140 and 400 ms.
  const draws = [0.1, 0.14, 0.4];
  const urls = [0, 1, 2].map((i) => `https://git${i}.test/acme/app.git`);
  const readAt = new Map<string, number>();
  const { core, watcher } = await setup(
    urls,
    async (url) => {
      if (!readAt.has(url)) readAt.set(url, Date.now());
      return new Map([['branch:main', 'a'.repeat(40)]]);
    },
    4,
    () => draws.shift() ?? 0.5,
  );
  watcher.start();
  await until('three first checks', () => readAt.size === 3, 5000);
  watcher.stop();
  core.close();
  const [first, second, third] = urls.map((url) => readAt.get(url) ?? NaN);
  // Each is its own remote, so only the batch window can bring the second forward (40 ms early).
  assert.ok(Math.abs(second! - first!) < 15, `the second went with the first: ${first} and ${second} ms`);
  assert.ok(third! - first! >= 200, `the third kept its time: ${first} and ${third} ms`);
});
