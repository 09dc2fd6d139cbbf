import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventNames, type MethodInput, type MethodOutput } from '../../../src/shared/contract';
import type { Build } from '../../../src/shared/models/build';
import type { CacheAction, PagedData } from '../../../src/renderer/src/api/cache-actions';
import { effectsOf, eventEffects, placeBuild, placeBuildInPages } from '../../../src/renderer/src/api/event-effects';
import { mutationEffects } from '../../../src/renderer/src/api/mutation-effects';

function build(over: Partial<Build> = {}): Build {
  return {
    id: 'b1',
    number: 1,
    repositoryId: 'r1',
    ruleId: 'rule1',
    ref: { kind: 'branch', name: 'main' },
    commit: 'a'.repeat(40),
    commitMessage: null,
    trigger: 'manual',
    status: 'running',
    platforms: ['linux/amd64'],
    builderId: 'local',
    placements: [],
    tags: [],
    error: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:01.000Z',
    finishedAt: null,
    logLines: 0,
    ...over,
  };
}

/** A query cache as a plain map keyed like TanStack's: [channel, input]. */
function applyTo(cache: Map<string, { channel: string; input: object; data: unknown }>, actions: readonly CacheAction[]): string[] {
  const invalidated: string[] = [];
  for (const a of actions) {
    if (a.kind === 'set') cache.set(JSON.stringify([a.channel, a.input]), { channel: a.channel, input: a.input, data: a.data });
    else if (a.kind === 'update') {
      for (const entry of cache.values()) if (entry.channel === a.channel) entry.data = a.update(entry.input, entry.data);
    } else invalidated.push(a.input ? `${a.channel} ${JSON.stringify(a.input)}` : a.channel);
  }
  return invalidated;
}

test('every contract event has an entry in the map', () => {
  assert.deepEqual(Object.keys(eventEffects).sort(), [...eventNames].sort());
});

test('settings:changed sets settings:get; sources:changed sets sources:list', () => {
  const cache = new Map();
  const preferences = { concurrentBuilds: 3 } as never;
  applyTo(cache, effectsOf('settings:changed', preferences));
  assert.equal(cache.get(JSON.stringify(['settings:get', {}]))?.data, preferences);
  applyTo(cache, effectsOf('sources:changed', []));
  assert.deepEqual(cache.get(JSON.stringify(['sources:list', {}]))?.data, []);
});

test('builds:changed updates builds:get of that build and every builds:list it belongs in', () => {
  const cache = new Map<string, { channel: string; input: object; data: unknown }>();
  const all: MethodInput<'builds:list'> = { limit: 100 };
  const failedOnly: MethodInput<'builds:list'> = { limit: 100, status: 'failed' };
  const other: MethodInput<'builds:list'> = { limit: 100, repositoryId: 'r2' };
  cache.set('all', { channel: 'builds:list', input: all, data: [build({ id: 'b0' })] });
  cache.set('failed', { channel: 'builds:list', input: failedOnly, data: [build({ status: 'failed' })] });
  cache.set('other', { channel: 'builds:list', input: other, data: [] });
  cache.set('get', { channel: 'builds:get', input: { id: 'b1' }, data: { build: build({ status: 'queued' }), steps: [] } });
  cache.set('get-other', { channel: 'builds:get', input: { id: 'b9' }, data: { build: build({ id: 'b9' }), steps: [] } });

  const running = build({ status: 'running' });
  const invalidated = applyTo(cache, effectsOf('builds:changed', running));
  assert.deepEqual((cache.get('all')?.data as Build[]).map((b) => b.id), ['b1', 'b0'], 'a new build goes on top');
  assert.deepEqual(cache.get('failed')?.data, [], 'a build that no longer matches leaves the filtered list');
  assert.deepEqual(cache.get('other')?.data, [], 'another repository’s list is untouched');
  assert.equal((cache.get('get')?.data as { build: Build }).build.status, 'running');
  assert.equal((cache.get('get-other')?.data as { build: Build }).build.id, 'b9');
  assert.deepEqual(invalidated, ['builders:list'], 'a running build changes no tags yet, only its builder’s load');

  const done = applyTo(cache, effectsOf('builds:changed', build({ status: 'succeeded' })));
  assert.deepEqual((cache.get('all')?.data as Build[]).map((b) => `${b.id} ${b.status}`), ['b1 succeeded', 'b0 running'], 'replaced in place');
  assert.deepEqual(done, ['tags:list {"repositoryId":"r1"}', 'activity:list {"subject":"r1"}', 'activity:page {"subject":"r1"}', 'builders:list']);
});

test('builders:changed refreshes the builder list (health, capabilities, settings or load)', () => {
  assert.deepEqual(applyTo(new Map(), effectsOf('builders:changed', { id: 'local' })), ['builders:list']);
});

test('a list read page by page (before=…) does not gain new builds on top', () => {
  assert.deepEqual(placeBuild([], build(), { limit: 10, before: 'b5' }), []);
  assert.equal(placeBuild([build({ id: 'x' })], build(), { limit: 1 }).length, 1, 'the limit holds');
});

test('builds:steps sets the steps of that build only; builds:log touches no query', () => {
  const cache = new Map<string, { channel: string; input: object; data: unknown }>();
  cache.set('get', { channel: 'builds:get', input: { id: 'b1' }, data: { build: build(), steps: [] } });
  const steps = [{ id: 's', name: 'RUN x', platform: null, cached: false, startedAt: null, completedAt: null, error: null }];
  applyTo(cache, effectsOf('builds:steps', { buildId: 'b1', steps }));
  assert.deepEqual((cache.get('get')?.data as { steps: unknown }).steps, steps);
  applyTo(cache, effectsOf('builds:steps', { buildId: 'b2', steps: [] }));
  assert.deepEqual((cache.get('get')?.data as { steps: unknown }).steps, steps);
  assert.deepEqual(effectsOf('builds:log', { buildId: 'b1', from: 0, lines: ['x'] }), []);
});

test('webhooks:delivery refreshes that webhook’s history and its repository’s list', () => {
  const actions = effectsOf('webhooks:delivery', { webhookId: 'w1', repositoryId: 'r1', deliveryId: 'd1', status: 'succeeded', attempts: 1, statusCode: 200 });
  assert.deepEqual(applyTo(new Map(), actions), ['webhooks:history {"webhookId":"w1"}', 'webhooks:page {"webhookId":"w1"}', 'webhooks:list {"repositoryId":"r1"}']);
});

test('a mutation refreshes its own service and what it reaches; a connection test refreshes nothing', () => {
  const channels = (c: Parameters<typeof mutationEffects>[0]) => mutationEffects(c).map((a) => a.channel);
  assert.ok(channels('registries:delete').includes('registries:list'));
  assert.ok(channels('registries:delete').includes('repositories:list'));
  assert.ok(channels('dockerLogin:logout').includes('dockerLogin:status'));
  assert.ok(!channels('dockerLogin:logout').includes('dockerLogin:logout'));
  assert.deepEqual(channels('registries:test'), []);
  assert.ok(channels('settings:update').includes('triggers:hookInfo'), 'the hook address follows the listener port');
});

test('builds:changed keeps the paged history live: new builds on top, changed ones in place, older ones left for their page', () => {
  const at = (minute: number) => `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
  const row = (n: number, over: Partial<Build> = {}) => build({ id: `b${n}`, number: n, createdAt: at(n), status: 'succeeded', ...over });
  const paged: PagedData<MethodOutput<'builds:page'>> = { pages: [{ items: [row(9), row(8)], next: 'c1' }, { items: [row(7), row(6)], next: 'c2' }], pageParams: ['', 'c1'] };
  const ids = (data: PagedData<MethodOutput<'builds:page'>>) => data.pages.map((p) => p.items.map((b) => b.id));

  assert.deepEqual(ids(placeBuildInPages(paged, row(10, { status: 'queued' }), {})), [['b10', 'b9', 'b8'], ['b7', 'b6']]);
  const changed = placeBuildInPages(paged, row(7, { status: 'failed' }), {});
  assert.equal(changed.pages[1]?.items[0]?.status, 'failed');
  assert.deepEqual(ids(placeBuildInPages(paged, row(7, { status: 'failed' }), { status: 'succeeded' })), [['b9', 'b8'], ['b6']]);
  // Older than every loaded row while more pages exist: the next page will bring it.
  assert.equal(placeBuildInPages(paged, row(1), {}), paged);
  assert.equal(placeBuildInPages(paged, row(11, { repositoryId: 'other' }), { repositoryId: 'r1' }), paged);

  const cache = new Map<string, { channel: string; input: object; data: unknown }>();
  cache.set('pages', { channel: 'builds:page', input: { limit: 50 }, data: paged });
  applyTo(cache, effectsOf('builds:changed', row(12, { status: 'queued' })));
  assert.deepEqual(ids(cache.get('pages')?.data as typeof paged)[0], ['b12', 'b9', 'b8']);
});
