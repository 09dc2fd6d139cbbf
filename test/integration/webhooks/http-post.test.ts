import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { postOnce } from '../../../src/main/core/webhooks/http-post';

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: URL }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/h`) };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

test('a receiver that never answers is cut off at the timeout', async () => {
  const { server, url } = await serve((req) => req.resume());
  try {
    const started = Date.now();
    const result = await postOnce(url, [['Content-Type', 'application/json']], '{}', { timeoutMs: 200, maxResponseBytes: 1024 });
    assert.equal(result.statusCode, null);
    assert.match(result.error ?? '', /^No answer from 127\.0\.0\.1:\d+ within 200 ms\.$/);
    assert.ok(Date.now() - started < 2000);
  } finally {
    await stop(server);
  }
});

test('a large answer is kept only up to the bound, and marked as cut', async () => {
  const big = 'x'.repeat(100 * 1024);
  const { server, url } = await serve((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(big);
  });
  try {
    const result = await postOnce(url, [['Content-Type', 'application/json']], '{"a":1}', { timeoutMs: 2000, maxResponseBytes: 16 * 1024 });
    assert.equal(result.statusCode, 200);
    assert.equal(result.error, null);
    assert.equal(result.responseBody.length, 16 * 1024);
    assert.equal(result.responseTruncated, true);
    assert.deepEqual(result.requestHeaders.map(([n]) => n), ['Host', 'Content-Type', 'Content-Length', 'Connection']);
    assert.equal(result.requestHeaders[2]?.[1], '7');
  } finally {
    await stop(server);
  }
});

test('the request arrives with exactly the headers the history shows', async () => {
  let seen: string[] = [];
  const { server, url } = await serve((req, res) => {
    seen = req.rawHeaders;
    req.resume();
    res.writeHead(201).end();
  });
  try {
    const result = await postOnce(url, [['Content-Type', 'application/json'], ['X-Slipway-Event', 'push']], '{}', { timeoutMs: 2000, maxResponseBytes: 1024 });
    assert.equal(result.statusCode, 201);
    const pairs: string[][] = [];
    for (let i = 0; i < seen.length; i += 2) pairs.push([seen[i] ?? '', seen[i + 1] ?? '']);
    assert.deepEqual(pairs, result.requestHeaders);
  } finally {
    await stop(server);
  }
});
