import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryClient } from '@tanstack/react-query';
import type { Client } from '../../../src/renderer/src/api/client';
import { prefetchInto } from '../../../src/renderer/src/api/prefetch';
import { cursorPagesQuery } from '../../../src/renderer/src/api/query-options';
import { readAheadFor } from '../../../src/renderer/src/app/route-data';
import { buildHistoryInput } from '../../../src/renderer/src/features/builds/history-input';

/** A client that records each call and answers what a host with one build would. */
function recordingClient(): Client & { readonly calls: string[] } {
  const calls: string[] = [];
  return {
    transport: 'http',
    calls,
    call: ((channel: string, input: unknown) => {
      calls.push(`${channel} ${JSON.stringify(input)}`);
      return Promise.resolve(channel === 'builds:page' ? { items: [{ id: 'b1' }], next: null } : []);
    }) as Client['call'],
    on: () => () => undefined,
  };
}

test('the Builds list is read with its page: the catalog and the first 50 builds, once', async () => {
  const queries = new QueryClient();
  const client = recordingClient();
  const read = prefetchInto(queries, client);
  readAheadFor('builds', '#/builds', read);
  // Asked again before the answers came (a second key press): nothing more goes out.
  readAheadFor('builds', '#/builds', read);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(client.calls.sort(), ['builds:page {"limit":50}', 'namespaces:list {}', 'registries:list {}', 'repositories:list {}']);
  // Under the key the page's hook reads (useBuildHistory with no filter).
  const cached = queries.getQueryData<{ pages: { items: { id: string }[] }[] }>(cursorPagesQuery(client, 'builds:page', buildHistoryInput({})).queryKey);
  assert.deepEqual(cached?.pages.map((p) => p.items.map((b) => b.id)), [['b1']]);
});

test('a detail view reads nothing ahead: its own hooks read what it shows', async () => {
  const client = recordingClient();
  const read = prefetchInto(new QueryClient(), client);
  readAheadFor('builds', '#/builds/b1', read);
  readAheadFor('repositories', '#/repositories/r1', read);
  assert.deepEqual(client.calls, []);
  readAheadFor('repositories', '#/repositories/', read);
  assert.equal(client.calls.length, 3, 'an empty detail is the list');
});

test('settled() waits for every read asked for so far, answered or failed, and not for later ones', async () => {
  const queries = new QueryClient();
  const answers = new Map<string, (value: unknown) => void>();
  const fails = new Map<string, (error: Error) => void>();
  const client: Client = {
    transport: 'http',
    call: ((channel: string) =>
      new Promise<unknown>((resolve, reject) => {
        answers.set(channel, resolve);
        fails.set(channel, reject);
      })) as Client['call'],
    on: () => () => undefined,
  };
  const read = prefetchInto(queries, client);
  read.call('registries:list', {});
  read.firstPage('builds:page', buildHistoryInput({}));
  let settled = false;
  const first = read.settled().then(() => (settled = true));
  read.call('namespaces:list', {});
  await new Promise((resolve) => setTimeout(resolve, 5));
  answers.get('registries:list')?.([]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(settled, false, 'the builds page is still out');
  fails.get('builds:page')?.(new Error('host away'));
  await first;
  assert.equal(settled, true, 'a failed read settles too; the one asked for later is not waited for');
  assert.equal(queries.isFetching(), 1);
});
