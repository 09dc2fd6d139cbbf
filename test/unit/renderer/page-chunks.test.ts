import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComponentType } from 'react';
import { pageChunks } from '../../../src/renderer/src/app/page-chunks';

const Builds: ComponentType = () => null;
const Settings: ComponentType = () => null;

test('a page’s chunk is fetched once, and once it is in, the page is ready without waiting', async () => {
  const fetched: string[] = [];
  const pages = pageChunks({
    builds: async () => (fetched.push('builds'), Builds),
    settings: async () => (fetched.push('settings'), Settings),
  });
  assert.equal(pages.ready('builds'), undefined);
  const first = pages.load('builds');
  const second = pages.load('builds');
  assert.equal(first, second, 'a second ask while loading shares the first load');
  assert.equal(await first, Builds);
  assert.equal(pages.ready('builds'), Builds);
  assert.equal(pages.ready('settings'), undefined);
  await pages.load('builds');
  assert.deepEqual(fetched, ['builds']);
});

test('a chunk that failed to load stays failed: the same rejection at every ask, no new fetch', async () => {
  let attempts = 0;
  const pages = pageChunks({
    builds: async (): Promise<ComponentType> => {
      attempts += 1;
      throw new Error('net::ERR_CONNECTION_REFUSED');
    },
  });
  const first = pages.load('builds');
  await assert.rejects(first, /ERR_CONNECTION_REFUSED/);
  assert.equal(pages.load('builds'), first, 'a render asking again gets the settled failure, not a new pending load');
  assert.equal(pages.ready('builds'), undefined);
  assert.equal(attempts, 1);
});
