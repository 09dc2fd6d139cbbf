import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { startHost, type RunningHost } from '../../../src/main/host/server';
import { testCore } from '../../support/core';
import { closePayload, encodeFrame, rawWebSocket, type RawFrame } from '../../support/raw-websocket';
import { tempDir } from '../../support/temp';

// A client holding the token is still only a browser tab: no frame it sends may stop the host.
let host: RunningHost;
let listener: WebSocket;
const core = testCore();
// In the headless host an error event nobody handles ends the process; here the test runner would
// catch it, so each test checks that none was raised while it ran.
const uncaught: unknown[] = [];
const recordUncaught = (error: unknown) => uncaught.push(error);
process.prependListener('uncaughtException', recordUncaught);

const headers = () => ({
  host: `127.0.0.1:${host.port}`,
  origin: `http://127.0.0.1:${host.port}`,
  'sec-websocket-protocol': `slipway.v1, token.${host.token}`,
});

before(async () => {
  const staticDir = tempDir();
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Slipway</title>');
  host = await startHost({ core, staticDir });
  listener = await new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, ['slipway.v1', `token.${host.token}`], { headers: { origin: headers().origin } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
});
after(async () => {
  process.off('uncaughtException', recordUncaught);
  listener.close();
  await host.close();
  core.close();
});

let concurrency = 1;
/** The host answers a call, and the well-behaved socket opened first still gets the event it causes. */
async function assertHostServes(): Promise<void> {
  assert.deepEqual(uncaught.splice(0).map(String), [], 'no error escaped the host');
  concurrency = (concurrency % 16) + 1;
  const event = new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no event within 5 s')), 5_000);
    listener.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(String(data)));
    });
  });
  const res = await fetch(`http://127.0.0.1:${host.port}/api/call/settings:update`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ concurrentBuilds: concurrency }),
  });
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { ok: boolean }).ok, true);
  const message = (await event) as { event: string; payload: { concurrentBuilds: number } };
  assert.equal(message.event, 'settings:changed');
  assert.equal(message.payload.concurrentBuilds, concurrency);
}

const text = 0x1;
const close = 0x8;
const ping = 0x9;
const malformed: Record<string, RawFrame[]> = {
  'a message over 64 KiB': [{ opcode: text, payload: Buffer.alloc(64 * 1024 + 1, 0x61) }],
  'an unmasked client frame': [{ opcode: text, payload: Buffer.from('hello'), masked: false }],
  'a close with code 1005 (reserved, never sent)': [{ opcode: close, payload: closePayload(1005) }],
  'a close with a one-byte body': [{ opcode: close, payload: Buffer.from([0x03]) }],
  'a close whose reason is not UTF-8': [{ opcode: close, payload: closePayload(1000, Buffer.from([0xc3, 0x28])) }],
  'a text message that is not UTF-8': [{ opcode: text, payload: Buffer.from([0xff, 0xfe, 0xfd]) }],
  'a reserved opcode': [{ opcode: 0x3, payload: Buffer.from('x') }],
  'RSV1 set without a negotiated extension': [{ opcode: text, payload: Buffer.from('x'), rsv: 0x40 }],
  'a fragmented ping': [{ opcode: ping, payload: Buffer.from('x'), fin: false }],
  'a ping over 125 bytes': [{ opcode: ping, payload: Buffer.alloc(126) }],
  'a continuation with nothing to continue': [{ opcode: 0x0, payload: Buffer.from('x') }],
  'a new message inside a fragmented one': [
    { opcode: text, payload: Buffer.from('a'), fin: false },
    { opcode: text, payload: Buffer.from('b') },
  ],
};

for (const [name, frames] of Object.entries(malformed)) {
  test(`${name}: the socket is closed, the host and the other sockets carry on`, async () => {
    const raw = await rawWebSocket(host.port, '/api/events', headers());
    for (const frame of frames) raw.send(encodeFrame(frame));
    await raw.closed();
    await assertHostServes();
  });
}

test('a client that vanishes mid-frame (reset) leaves the host serving', async () => {
  const raw = await rawWebSocket(host.port, '/api/events', headers());
  raw.send(encodeFrame({ opcode: text, payload: Buffer.alloc(1000) }).subarray(0, 20));
  raw.socket.resetAndDestroy();
  await raw.closed();
  await assertHostServes();
});

test('a well-formed message and a normal close are simply ignored', async () => {
  const raw = await rawWebSocket(host.port, '/api/events', headers());
  raw.send(encodeFrame({ opcode: text, payload: Buffer.from('{"ignored":true}') }));
  raw.send(encodeFrame({ opcode: close, payload: closePayload(1000, 'bye') }));
  await raw.closed();
  await assertHostServes();
});
