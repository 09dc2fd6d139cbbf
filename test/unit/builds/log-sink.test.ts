import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogSink, liveTailLines, type BuildProgressStore } from '../../../src/main/core/builds/log-sink';
import { LogStore } from '../../../src/main/core/builds/log-store';
import { EventBus, type AnyEvent } from '../../../src/main/core/events';
import { tempDir } from '../../support/temp';

function sinkWithEvents() {
  const bus = new EventBus();
  const events: AnyEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const recorded: number[] = [];
  const store: BuildProgressStore = { setLogLines: (_id, lines) => void recorded.push(lines), setSteps: () => undefined, noteEvent: () => undefined };
  const logs = new LogStore(tempDir());
  return { sink: new LogSink('b1', logs, store, bus), events, logs, recorded };
}

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

test('lines written in one long turn of the event loop go out once their batch is overdue, not when the timer finally runs', () => {
  const { sink, events, logs } = sinkWithEvents();
  sink.write(['one', 'two']);
  assert.equal(events.length, 0, 'a fresh batch waits for more lines');
  // A fast /build stream keeps Node in its reads: the 50 ms timer cannot run in between.
  busyFor(70);
  sink.write(['three']);
  assert.deepEqual(
    events.map((e) => e.payload),
    [{ buildId: 'b1', from: 0, lines: ['one', 'two', 'three'] }],
  );
  sink.write(['four']);
  assert.equal(events.length, 1, 'the next batch starts its own 50 ms');
  sink.close();
  assert.deepEqual(events[1]?.payload, { buildId: 'b1', from: 3, lines: ['four'] });
  assert.deepEqual(logs.read('b1', 0, 10), ['one', 'two', 'three', 'four']);
});

test('a line holding a newline is stored as one line', () => {
  const { sink, logs } = sinkWithEvents();
  sink.write(['a', 'b\nc', 'd']);
  sink.close();
  assert.deepEqual(logs.read('b1', 0, 10), ['a', 'b c', 'd']);
  assert.equal(logs.count('b1'), 3);
});

test('after a batch of a flood the next batch waits 100 ms; once the log trickles again, 50 ms', () => {
  const { sink, events } = sinkWithEvents();
  const many = Array.from({ length: 6000 }, (_, i) => `line ${i}`);
  sink.write(many);
  busyFor(55);
  sink.write(['after 55 ms']);
  assert.equal(events.length, 1, 'the first batch went at 50 ms');
  sink.write(many);
  busyFor(60);
  sink.write(['60 ms into a flood']);
  assert.equal(events.length, 1, 'after a flood the batch is not due at 50 ms');
  busyFor(45);
  sink.write(['105 ms']);
  assert.equal(events.length, 2, 'it is at 100 ms');
  sink.write(['a trickle']);
  busyFor(55);
  sink.write(['55 ms later']);
  assert.equal(events.length, 2, 'the batch after a flood still waits 100 ms');
  busyFor(50);
  sink.write(['105 ms']);
  assert.equal(events.length, 3);
  sink.write(['small again']);
  busyFor(55);
  sink.write(['55 ms']);
  assert.equal(events.length, 4, 'after a small batch, 50 ms again');
  sink.close();
  const chunks = events.flatMap((e) => (e.event === 'builds:log' ? [e.payload] : []));
  const last = chunks.at(-1)!;
  assert.equal(last.from + last.lines.length, 6000 * 2 + 8, 'the live chunks reach the end of the log');
});

test('a flood batch goes to the page as its last lines, at their own line numbers; every line is stored', () => {
  const { sink, events, logs } = sinkWithEvents();
  sink.write(['first']);
  sink.flush();
  const flood = Array.from({ length: liveTailLines * 3 }, (_, i) => `flood ${i}`);
  sink.write(flood);
  sink.write(['end of the flood']);
  sink.flush();
  sink.write(['a trickle']);
  sink.close();
  const chunks = events.flatMap((e) => (e.event === 'builds:log' ? [e.payload] : []));
  assert.equal(chunks.length, 3);
  assert.deepEqual(chunks[0], { buildId: 'b1', from: 0, lines: ['first'] });
  const total = 1 + flood.length + 1;
  assert.equal(chunks[1]!.lines.length, liveTailLines, 'no more than the tail');
  assert.equal(chunks[1]!.from, total - liveTailLines, 'it starts where those lines are in the log: the page knows what it skipped');
  assert.equal(chunks[1]!.lines.at(-1), 'end of the flood');
  assert.deepEqual(chunks[1]!.lines, [...flood, 'end of the flood'].slice(-liveTailLines));
  assert.deepEqual(chunks[2], { buildId: 'b1', from: total, lines: ['a trickle'] }, 'a small batch goes whole again');
  assert.equal(logs.count('b1'), total + 1, 'the stored log holds every line');
  assert.deepEqual(logs.read('b1', 1, 2), ['flood 0', 'flood 1']);
});

test('a flood of many small writes goes to the page as the last lines across them, and each write is kept as it was given', () => {
  const { sink, events, logs } = sinkWithEvents();
  // As a trace writes a flood: many chunks, none of them as long as the tail.
  const writes = Array.from({ length: 57 }, (_, w) => Array.from({ length: 37 }, (_, i) => `w${w} l${i}`));
  for (const lines of writes) sink.write(lines);
  sink.flush();
  sink.write(['after']);
  sink.close();
  const chunks = events.flatMap((e) => (e.event === 'builds:log' ? [e.payload] : []));
  const all = writes.flat();
  assert.equal(chunks.length, 2);
  assert.equal(chunks[0]!.from, all.length - liveTailLines);
  assert.deepEqual(chunks[0]!.lines, all.slice(-liveTailLines));
  assert.deepEqual(chunks[1], { buildId: 'b1', from: all.length, lines: ['after'] });
  assert.deepEqual(writes[0]!.slice(0, 2), ['w0 l0', 'w0 l1'], 'the writes themselves are not changed');
  assert.equal(logs.count('b1'), all.length + 1);
  assert.deepEqual(logs.read('b1', 37, 2), ['w1 l0', 'w1 l1']);
});

test('a batch of a few writes under the tail goes whole, in order, from its first line', () => {
  const { sink, events } = sinkWithEvents();
  sink.write(['a', 'b']);
  sink.write(['c']);
  sink.write(['d', 'e']);
  sink.close();
  assert.deepEqual(
    events.flatMap((e) => (e.event === 'builds:log' ? [e.payload] : [])),
    [{ buildId: 'b1', from: 0, lines: ['a', 'b', 'c', 'd', 'e'] }],
  );
});

test('a burst followed by a pause goes out once the stream is quiet, without waiting out its batch', async () => {
  const bus = new EventBus();
  const events: AnyEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const store: BuildProgressStore = { setLogLines: () => undefined, setSteps: () => undefined, noteEvent: () => undefined };
  // A batch may wait 5 s here, so an event within it can only be the pause's doing.
  const sink = new LogSink('b1', new LogStore(tempDir()), store, bus, { batchMs: 5000, quietMs: 20 });
  sink.write(['burst 1']);
  sink.write(['burst 2']);
  for (let i = 0; i < 200 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(events[0]?.payload, { buildId: 'b1', from: 0, lines: ['burst 1', 'burst 2'] });
  // Writes closer together than the pause make one batch.
  sink.write(['steady 0']);
  busyFor(15);
  sink.write(['steady 1']);
  busyFor(15);
  sink.write(['steady 2']);
  for (let i = 0; i < 200 && events.length === 1; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(events[1]?.payload, { buildId: 'b1', from: 2, lines: ['steady 0', 'steady 1', 'steady 2'] });
  sink.close();
});
