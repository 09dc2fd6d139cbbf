import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hostCall, startHeadless, type HeadlessApp } from '../../support/headless';
import { closePayload, encodeFrame, rawWebSocket, type RawFrame } from '../../support/raw-websocket';
import { tempDir } from '../../support/temp';

// The built headless host as `npm start` runs it: a process that must outlive any frame a tab sends.
let app: HeadlessApp;
before(async () => {
  app = await startHeadless(tempDir());
});
after(async () => app?.stop());

const frames: Record<string, RawFrame> = {
  'over 64 KiB': { opcode: 0x1, payload: Buffer.alloc(64 * 1024 + 1, 0x61) },
  unmasked: { opcode: 0x1, payload: Buffer.from('hello'), masked: false },
  'close 1005': { opcode: 0x8, payload: closePayload(1005) },
  'reserved opcode': { opcode: 0xb },
};

test('the headless process survives malformed frames from a tab holding the token', async () => {
  const port = Number(new URL(app.origin).port);
  for (const [name, frame] of Object.entries(frames)) {
    const raw = await rawWebSocket(port, '/api/events', { host: `127.0.0.1:${port}`, origin: app.origin, 'sec-websocket-protocol': `slipway.v1, token.${app.token}` });
    raw.send(encodeFrame(frame));
    await raw.closed();
    assert.equal(app.process.exitCode, null, `the host exited after a frame ${name}:\n${app.output()}`);
    assert.equal((await hostCall<{ name: string }>(app, 'app:info', {})).name, 'Slipway', `the host answers after a frame ${name}`);
  }
});
