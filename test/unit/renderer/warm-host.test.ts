import assert from 'node:assert/strict';
import { test } from 'node:test';
import { warmHostAfterFirstFrame } from '../../../src/renderer/src/boot/warm-host';

/** A window as far as the boot script's word to the host needs one: its address and its frame and task queues. */
function fakeWindow(href: string) {
  const frames: (() => void)[] = [];
  const tasks: (() => void)[] = [];
  const url = new URL(href);
  const win = {
    location: { hash: url.hash, protocol: url.protocol },
    requestAnimationFrame: (run: () => void) => frames.push(run),
    setTimeout: (run: () => void) => tasks.push(run),
  };
  return { win: win as unknown as Window, frames, tasks };
}

test('the page tells its host, with its token, once the first frame is painted', async () => {
  const { win, frames, tasks } = fakeWindow('http://127.0.0.1:4321/#token=abc_DEF-123');
  const sent: { url: string; init: RequestInit | undefined }[] = [];
  warmHostAfterFirstFrame(win, async (url, init) => (sent.push({ url: String(url), init }), new Response(null, { status: 204 })));
  assert.equal(sent.length, 0, 'nothing before the frame');
  frames.shift()?.();
  assert.equal(sent.length, 0, 'nor in the frame’s own callback, which runs before it is painted');
  tasks.shift()?.();
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.url, './api/warm');
  assert.equal(sent[0]?.init?.method, 'POST');
  assert.deepEqual(sent[0]?.init?.headers, { authorization: 'Bearer abc_DEF-123' });
});

test('no word without a host to tell: no token (a reload, the desktop window) or not over HTTP; a failed word is dropped', async () => {
  for (const href of ['http://127.0.0.1:4321/#/builds', 'file:///app/index.html#token=abc', 'http://127.0.0.1:4321/']) {
    const { win, frames, tasks } = fakeWindow(href);
    let sent = 0;
    warmHostAfterFirstFrame(win, async () => ((sent += 1), new Response(null)));
    assert.equal(frames.length + tasks.length, 0, href);
    assert.equal(sent, 0, href);
  }
  const { win, frames, tasks } = fakeWindow('http://127.0.0.1:4321/#token=abc');
  let rejected = false;
  warmHostAfterFirstFrame(win, () => ((rejected = true), Promise.reject(new TypeError('Failed to fetch'))));
  frames.shift()?.();
  tasks.shift()?.();
  await new Promise((r) => setTimeout(r, 5));
  assert.ok(rejected, 'the word was tried, and its failure did not surface');
});
