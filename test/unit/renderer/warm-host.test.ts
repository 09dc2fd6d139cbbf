import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warmHost } from '../../../src/renderer/src/boot/warm-host';

/** A window as far as the boot script's word to the host needs one: its address. */
function fakeWindow(href: string): Window {
  const url = new URL(href);
  return { location: { hash: url.hash, protocol: url.protocol } } as unknown as Window;
}

test('the page tells its host, with its token', () => {
  const sent: { url: string; init: RequestInit | undefined }[] = [];
  warmHost(fakeWindow('http://127.0.0.1:4321/#token=abc_DEF-123'), async (url, init) => (sent.push({ url: String(url), init }), new Response(null, { status: 204 })));
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.url, './api/warm');
  assert.equal(sent[0]?.init?.method, 'POST');
  assert.deepEqual(sent[0]?.init?.headers, { authorization: 'Bearer abc_DEF-123' });
});

test('no word without a host to tell: no token (a reload, the desktop window) or not over HTTP; a failed word is dropped', async () => {
  for (const href of ['http://127.0.0.1:4321/#/builds', 'file:///app/index.html#token=abc', 'http://127.0.0.1:4321/']) {
    let sent = 0;
    warmHost(fakeWindow(href), async () => ((sent += 1), new Response(null)));
    assert.equal(sent, 0, href);
  }
  let rejected = false;
  warmHost(fakeWindow('http://127.0.0.1:4321/#token=abc'), () => ((rejected = true), Promise.reject(new TypeError('Failed to fetch'))));
  await new Promise((r) => setTimeout(r, 5));
  assert.ok(rejected, 'the word was tried, and its failure did not surface');
});
