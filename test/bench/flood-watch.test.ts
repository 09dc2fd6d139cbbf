/**
 * The log bench's guard against an engine that floods empty progress (TESTING.md: dockerd 20.10
 * sent `{"id":"moby.buildkit.trace","aux":""}` without end in 3 of 4 unpaced runs). The real engine
 * does not flood on demand, so a loopback server replays that answer; the bench must stop waiting
 * and say why, not hang.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { boundedRawBuild, EmptyTraceCounter, tapEngine } from '../../bench/support/flood-watch';
import { tempDir } from '../support/temp';

const empty = '{"id":"moby.buildkit.trace","aux":""}\n';

/** Answers every POST /build with empty trace messages, in bursts, until the client goes (bounded). */
async function floodingEngine(): Promise<{ socketPath: string; host: string; server: Server }> {
  const socketPath = join(tempDir('slipway-flood-'), 'engine.sock');
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    let bursts = 0;
    const timer = setInterval(() => {
      if (res.destroyed || ++bursts > 2000) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(empty.repeat(500));
    }, 5);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { socketPath, host: `unix://${socketPath}`, server };
}

test('empty trace messages are counted, also one split across two chunks', () => {
  const counter = new EmptyTraceCounter();
  const two = Buffer.from(`${empty}{"id":"moby.buildkit.trace","aux":"CgQ="}\n${empty}`);
  counter.push(two.subarray(0, 60));
  counter.push(two.subarray(60));
  assert.equal(counter.count, 2);
  counter.push(Buffer.from('{"id":"moby.buildkit.trace","a'));
  counter.push(Buffer.from('ux":""}\n'));
  assert.equal(counter.count, 3);
});

test('a raw build that only floods is cut short as a flood, with the count, well before its time bound', async () => {
  const engine = await floodingEngine();
  const started = Date.now();
  const result = await boundedRawBuild(engine, Buffer.alloc(0), 'END-never', 60_000, 20_000);
  assert.equal(result.cutShort, 'flood');
  assert.ok(result.emptyTraces > 20_000, `counted ${result.emptyTraces}`);
  assert.equal(result.lastLineMs, null);
  assert.equal(result.endedMs, null);
  assert.ok(Date.now() - started < 30_000);
});

test('a raw build under the flood limit is cut short by its time bound', async () => {
  const engine = await floodingEngine();
  const result = await boundedRawBuild(engine, Buffer.alloc(0), 'END-never', 300, 100_000_000);
  assert.equal(result.cutShort, 'time');
  assert.ok(result.emptyTraces > 0);
});

test('the pass-through counts the empty trace messages the engine sends the app, per connection from a mark on', async () => {
  const engine = await floodingEngine();
  const tap = await tapEngine(engine);
  after(() => tap.close());
  const received = await new Promise<number>((resolve, reject) => {
    let text = '';
    const req = request({ socketPath: tap.socketPath, method: 'POST', path: '/v1.41/build' }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        if (text.length > empty.length * 5000) {
          req.destroy();
          resolve(text.split('\n').filter((l) => l === empty.trim()).length);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
  // What the tap counted is what passed through it (it may have read a little more than the client).
  assert.ok(tap.emptyTraces() >= received, `tap counted ${tap.emptyTraces()}, client read ${received}`);
  assert.ok(received >= 5000);
  // A later build is judged by its own connections only, not by one cancelled before it.
  assert.equal(tap.emptyTraces(tap.mark()), 0);
});
