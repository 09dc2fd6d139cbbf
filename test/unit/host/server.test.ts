import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startHost, type RunningHost } from '../../../src/main/host/server';
import { firstPaintFiles } from '../../support/page-files';
import { defaultPreferences } from '../../../src/shared/models/settings';
import { testCore } from '../../support/core';
import { tempDir } from '../../support/temp';

let host: RunningHost;
const core = testCore();
const staticDir = tempDir();

before(async () => {
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Slipway</title>');
  writeFileSync(join(tempDir(), 'secret.txt'), 'outside');
  host = await startHost({ core, staticDir });
});
after(async () => {
  await host.close();
  core.close();
});

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${host.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };
const auth = () => ({ ...json, authorization: `Bearer ${host.token}` });

test('the printed URL carries the token only in the fragment', () => {
  assert.match(host.url, new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[A-Za-z0-9_-]{43}$`));
});

test('a call with the session token is answered', async () => {
  const reply = await send('/api/call/app:info', { method: 'POST', headers: auth(), body: '{}' });
  assert.equal(reply.status, 200);
  assert.equal(JSON.parse(reply.body).result.name, 'Slipway');
  assert.equal(reply.headers['cache-control'], 'no-store');
});

test('a call without the token, or with a wrong one, is refused', async () => {
  for (const headers of [json, { ...json, authorization: 'Bearer nope' }, { ...json, authorization: `Bearer ${host.token}x` }]) {
    const reply = await send('/api/call/app:info', { method: 'POST', headers, body: '{}' });
    assert.equal(reply.status, 401);
    assert.equal(JSON.parse(reply.body).error.code, 'unauthenticated');
  }
});

test('a foreign Host (DNS rebinding) is refused even with the token', async () => {
  const reply = await send('/api/call/app:info', { method: 'POST', headers: { ...auth(), host: `evil.example:${host.port}` }, body: '{}' });
  assert.equal(reply.status, 421);
  const page = await send('/', { headers: { host: 'evil.example' } });
  assert.equal(page.status, 421);
});

test('a call from another origin is refused even with the token', async () => {
  const reply = await send('/api/call/app:info', { method: 'POST', headers: { ...auth(), origin: 'http://evil.example' }, body: '{}' });
  assert.equal(reply.status, 403);
  const ours = await send('/api/call/app:info', { method: 'POST', headers: { ...auth(), origin: `http://localhost:${host.port}` }, body: '{}' });
  assert.equal(ours.status, 200);
});

test('only JSON bodies of bounded size are read', async () => {
  assert.equal((await send('/api/call/app:info', { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: '{}' })).status, 415);
  assert.equal((await send('/api/call/app:info', { method: 'POST', headers: auth(), body: '{' })).status, 400);
  assert.equal((await send('/api/call/app:info', { method: 'POST', headers: auth(), body: JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) }) })).status, 413);
});

test('calls made together are answered in one request, one line each, a slow one not holding the others', async () => {
  let answerSlow!: () => void;
  const slowDone = new Promise<void>((resolve) => (answerSlow = resolve));
  // The real core, with one channel held until the test lets it through.
  const held = { bus: core.bus, call: async (channel: string, input: unknown) => (channel === 'settings:get' ? slowDone.then(() => core.call(channel, input)) : core.call(channel, input)) };
  const batched = await startHost({ core: held, staticDir });
  try {
    const response = await fetch(`http://127.0.0.1:${batched.port}/api/calls`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${batched.token}` },
      body: JSON.stringify({ calls: [{ channel: 'settings:get', input: {} }, { channel: 'app:info', input: {} }, { channel: 'nope:nothing', input: {} }, { channel: 'builds:get', input: { id: 7 } }] }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (text.split('\n').length < 4) text += (await reader.read()).value ?? '';
    const early = text.trim().split('\n').map((line) => JSON.parse(line) as { i: number; result: { ok: boolean; result?: { name?: string }; error?: { code: string } } });
    // Three answers are in while the first call is still held.
    assert.deepEqual(early.map((a) => a.i).sort(), [1, 2, 3]);
    assert.equal(early.find((a) => a.i === 1)?.result.result?.name, 'Slipway');
    assert.equal(early.find((a) => a.i === 2)?.result.error?.code, 'unknown_method');
    assert.equal(early.find((a) => a.i === 3)?.result.error?.code, 'invalid_input');
    answerSlow();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
    const last = JSON.parse(text.trim().split('\n')[3]!) as { i: number; result: { ok: boolean; result: { theme: string } } };
    assert.equal(last.i, 0);
    assert.equal(last.result.result.theme, defaultPreferences.theme);
  } finally {
    await batched.close();
  }
});

test('a batch is refused whole when it is not one, and behind the same checks as a call', async () => {
  const body = JSON.stringify({ calls: [{ channel: 'app:info', input: {} }] });
  assert.equal((await send('/api/calls', { method: 'POST', headers: json, body })).status, 401);
  assert.equal((await send('/api/calls', { method: 'POST', headers: { ...auth(), origin: 'http://evil.example' }, body })).status, 403);
  assert.equal((await send('/api/calls', { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body })).status, 415);
  const tooMany = JSON.stringify({ calls: Array.from({ length: 33 }, () => ({ channel: 'app:info', input: {} })) });
  for (const bad of ['[]', '{"calls":[]}', '{"calls":{}}', '{"calls":[{"channel":"../x","input":{}}]}', '{"calls":[null]}', '{"calls":[{"input":{}}]}', tooMany, '{"calls":[']) {
    const reply = await send('/api/calls', { method: 'POST', headers: auth(), body: bad });
    assert.equal(reply.status, 400, bad);
    assert.equal(JSON.parse(reply.body).error.code, 'invalid_input');
  }
  const ok = await send('/api/calls', { method: 'POST', headers: auth(), body });
  assert.equal(ok.status, 200);
  assert.equal((JSON.parse(ok.body.trim()) as { result: { result: { name: string } } }).result.result.name, 'Slipway');
});

test('the renderer is served with a strict CSP and a fallback to index.html', async () => {
  const page = await send('/settings');
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Slipway<\/title>/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  assert.equal(page.headers['x-frame-options'], 'DENY');
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  assert.equal(page.headers['cross-origin-resource-policy'], 'same-origin');
  // Left out on purpose (server.ts): it costs Chromium a new renderer process at every start.
  assert.equal(page.headers['cross-origin-opener-policy'], undefined);
  const escape = await send('/..%2f..%2fsecret.txt');
  assert.notEqual(escape.body, 'outside');
});

test('the page comes in the browser’s language where the build has it, English otherwise', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="en"><h1>Code Source</h1>');
  writeFileSync(join(dir, 'index.zh-CN.html'), '<!doctype html><html lang="zh-CN"><h1>代码源</h1>');
  const other = await startHost({ core, staticDir: dir });
  const get = (path: string, acceptLanguage?: string) =>
    new Promise<Reply>((resolve, reject) => {
      const headers: Record<string, string> = { host: `127.0.0.1:${other.port}`, ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) };
      request({ host: '127.0.0.1', port: other.port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      })
        .on('error', reject)
        .end();
    });
  try {
    const chinese = await get('/', 'zh-TW,zh;q=0.9,en;q=0.8');
    assert.match(chinese.body, /代码源/);
    assert.equal(chinese.headers.vary, 'Accept-Language');
    // A reload on another page (the fallback) is the same page.
    assert.match((await get('/builds', 'zh-CN')).body, /代码源/);
    assert.match((await get('/', 'fr-FR,en;q=0.5')).body, /Code Source/);
    assert.match((await get('/', 'fr-FR')).body, /Code Source/);
    assert.match((await get('/')).body, /Code Source/);
    // Asked for by name, a file is that file.
    assert.match((await get('/index.html', 'zh-CN')).body, /Code Source/);
  } finally {
    await other.close();
  }
  // A build without the Chinese page (or a language without one) gets English.
  assert.match((await send('/', { headers: { 'accept-language': 'zh-CN' } })).body, /<title>Slipway<\/title>/);
});

function openSocket(protocols: string[], headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
  });
}

test('the event socket needs the token and our origin', async () => {
  await assert.rejects(openSocket(['slipway.v1']), /401/);
  await assert.rejects(openSocket(['slipway.v1', 'token.wrong']), /401/);
  await assert.rejects(openSocket(['slipway.v1', `token.${host.token}`], { origin: 'http://evil.example' }), /401/);
});

test('events reach an authenticated socket', async () => {
  const ws = await openSocket(['slipway.v1', `token.${host.token}`], { origin: `http://127.0.0.1:${host.port}` });
  assert.equal(ws.protocol, 'slipway.v1');
  const message = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
  await send('/api/call/settings:update', { method: 'POST', headers: auth(), body: JSON.stringify({ concurrentBuilds: 7 }) });
  assert.deepEqual(JSON.parse(await message), { event: 'settings:changed', payload: { ...defaultPreferences, concurrentBuilds: 7 } });
  ws.close();
});

test('a host given a core loader serves the page and its script without it, reads it at the first call, and holds the call until it is there', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'assets'));
  // The page names a chunk this test never asks for, so only the call can read the core.
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="./assets/index-test.js"></script><link rel="modulepreload" href="./assets/Page-never.js">');
  writeFileSync(join(dir, 'assets', 'index-test.js'), 'export {};');
  let asked = 0;
  let ready: (value: typeof core) => void = () => undefined;
  const early = await startHost({ core: () => ((asked += 1), new Promise<typeof core>((resolve) => (ready = resolve))), staticDir: dir });
  try {
    const ask = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${early.port}${path}`, init);
    assert.equal((await ask('/')).status, 200);
    assert.equal(asked, 0, 'the page is served before the core is read');
    assert.equal(await (await ask('/assets/index-test.js')).text(), 'export {};');
    assert.equal(asked, 0, 'the script too');
    assert.equal((await ask('/api/call/app:info', { method: 'POST', headers: json, body: '{}' })).status, 401);
    assert.equal(asked, 0, 'a refused call reads nothing');
    const pending = ask('/api/call/app:info', { method: 'POST', headers: { ...json, authorization: `Bearer ${early.token}` }, body: '{}' });
    const first = await Promise.race([pending.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 200))]);
    assert.equal(first, 'waiting');
    assert.equal(asked, 1, 'the first call reads the core');
    ready(core);
    const reply = (await (await pending).json()) as { result: { name: string } };
    assert.equal(reply.result.name, 'Slipway');
    assert.equal(asked, 1);
  } finally {
    await early.close();
  }
});

test('a host given a core loader reads it when the page says its first frame is painted, once, and only when asked by the page', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" crossorigin src="./assets/index-main.js"></script><link rel="stylesheet" href="./assets/index.css">');
  for (const name of ['index-main.js', 'index.css']) writeFileSync(join(dir, 'assets', name), '');
  let asked = 0;
  const early = await startHost({ core: () => ((asked += 1), Promise.resolve(core)), staticDir: dir });
  try {
    const ask = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${early.port}${path}`, init);
    const settle = () => new Promise((r) => setTimeout(r, 50));
    for (const path of ['/', '/assets/index-main.js', '/assets/index.css']) await (await ask(path)).text();
    await settle();
    assert.equal(asked, 0, 'the page and every file it names go out without the core');
    const warm = (headers: Record<string, string>) => ask('/api/warm', { method: 'POST', headers });
    assert.equal((await warm({})).status, 401, 'without the token');
    assert.equal((await warm({ authorization: `Bearer ${early.token}`, origin: 'http://evil.example' })).status, 403, 'from another page');
    assert.equal((await ask('/api/warm', { headers: { authorization: `Bearer ${early.token}` } })).status, 404, 'only a POST');
    await settle();
    assert.equal(asked, 0, 'a refused word reads nothing');
    const told = await warm({ authorization: `Bearer ${early.token}` });
    assert.equal(told.status, 204);
    assert.equal(told.headers.get('cache-control'), 'no-store');
    await settle();
    assert.equal(asked, 1, 'the core is read at the page’s word, before any call');
    await warm({ authorization: `Bearer ${early.token}` });
    const reply = (await (await ask('/api/call/app:info', { method: 'POST', headers: { ...json, authorization: `Bearer ${early.token}` }, body: '{}' })).json()) as { result: { name: string } };
    assert.equal(reply.result.name, 'Slipway');
    assert.equal(asked, 1, 'read once');
  } finally {
    await early.close();
  }
});

test('the page’s word to read the core waits for the files being sent: a file read in pieces would wait for the read', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Slipway</title>');
  // Large enough that the response stays in flight while this test does not read it.
  writeFileSync(join(dir, 'assets', 'index-big.js'), Buffer.alloc(16 * 1024 * 1024, 0x20));
  let asked = 0;
  const early = await startHost({ core: () => ((asked += 1), Promise.resolve(core)), staticDir: dir });
  try {
    const settle = () => new Promise((r) => setTimeout(r, 80));
    let received = 0;
    let reading!: () => void;
    const done = new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: early.port, path: '/assets/index-big.js', headers: { host: `127.0.0.1:${early.port}` } }, (res) => {
        res.pause();
        reading = () => {
          res.on('data', (chunk: Buffer) => (received += chunk.length));
          res.on('end', () => resolve());
          res.resume();
        };
      });
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    const told = await fetch(`http://127.0.0.1:${early.port}/api/warm`, { method: 'POST', headers: { authorization: `Bearer ${early.token}` } });
    assert.equal(told.status, 204);
    await settle();
    assert.equal(asked, 0, 'the core waits while the file is being sent');
    reading();
    await done;
    assert.equal(received, 16 * 1024 * 1024);
    await settle();
    assert.equal(asked, 1, 'the core is read once the file is sent');
  } finally {
    await early.close();
  }
});

test('the files a page names for its first paint are its scripts, stylesheets and module preloads on this host', () => {
  const html =
    '<script type="module" crossorigin src="./assets/index-a.js"></script><link rel="stylesheet" crossorigin href="./assets/index-b.css">' +
    '<link rel="modulepreload" href="/assets/Page-c.js"><link rel="icon" href="./favicon.ico"><script src="https://elsewhere.example/x.js"></script>';
  assert.deepEqual(firstPaintFiles(html), ['/assets/index-a.js', '/assets/index-b.css', '/assets/Page-c.js']);
  assert.deepEqual(firstPaintFiles(''), []);
});

test('quiet(ms) resolves once no request has arrived for that long, and each request starts the wait again', async () => {
  const started = Date.now();
  await send('/');
  const asked = Date.now();
  const quiet = host.quiet(150).then(() => Date.now());
  await new Promise((resolve) => setTimeout(resolve, 80));
  const again = Date.now();
  await send('/');
  const at = await quiet;
  assert.ok(at - again >= 145, `resolved ${at - again} ms after the last request`);
  assert.ok(at - asked >= 220, `resolved ${at - asked} ms after it was asked for`);
  assert.ok(at - started < 2000);
});
