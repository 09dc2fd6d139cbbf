/**
 * An engine that sends only empty progress: dockerd 20.10 can answer a backlog of step output with
 * `{"id":"moby.buildkit.trace","aux":""}` without end (TESTING.md). Reading those must cost next
 * to nothing, and a build that hears nothing else for long must say so in its log.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuildStreamParser, BuildTrace, encodeStatusResponse, type StatusResponseInput } from '../../../src/main/core/builds/trace';

const empty = '{"id":"moby.buildkit.trace","aux":""}\n';
const t0 = Date.UTC(2026, 10, 25, 8, 0, 0);
const run = 'sha256:' + 'a'.repeat(64);
const trace = (input: StatusResponseInput) => JSON.stringify({ id: 'moby.buildkit.trace', aux: Buffer.from(encodeStatusResponse(input)).toString('base64') }) + '\n';

/** A BuildTrace on a clock the test moves. */
function tracedAt(quietNoteMs = 30_000) {
  const clock = { now: 0 };
  return { clock, build: new BuildTrace({ now: () => clock.now, quietNoteMs }) };
}

test('empty trace messages make no event and are counted, also split across chunks or ending in CRLF', () => {
  const parser = new BuildStreamParser();
  const bytes = Buffer.from(empty.repeat(3) + empty.replace('\n', '\r\n') + trace({ vertexes: [{ digest: run, name: '[1/1] RUN x', started: t0 }] }) + empty);
  const events = [...parser.push(bytes.subarray(0, 50)), ...parser.push(bytes.subarray(50, 131)), ...parser.push(bytes.subarray(131)), ...parser.end()];
  assert.deepEqual(
    events.map((e) => e.kind),
    ['trace'],
  );
  assert.equal(parser.emptyTraces, 5);
});

test('reading empty trace messages costs a fraction of merely JSON.parse-ing them', () => {
  const chunk = Buffer.from(empty.repeat(1700));
  const best = (work: () => void) => {
    let min = Infinity;
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      work();
      min = Math.min(min, performance.now() - started);
    }
    return min;
  };
  let counted = 0;
  const parsing = best(() => {
    const parser = new BuildStreamParser();
    for (let i = 0; i < 100; i++) assert.equal(parser.push(chunk).length, 0);
    counted = parser.emptyTraces;
  });
  const lines = empty.repeat(1700).split('\n').slice(0, -1);
  const jsonOnly = best(() => {
    for (let i = 0; i < 100; i++) for (const line of lines) JSON.parse(line);
  });
  assert.equal(counted, 170_000);
  // Before, each one was JSON.parse + base64 + a protobuf decode + a reducer pass: 3–5 times JSON.parse alone.
  assert.ok(parsing < jsonOnly * 0.6, `parser ${parsing.toFixed(1)} ms, JSON.parse alone ${jsonOnly.toFixed(1)} ms`);
});

test('only empty progress for 30 s puts a note in the log, again at 60 s, and a line when progress comes back', () => {
  const { clock, build } = tracedAt();
  build.write(trace({ vertexes: [{ digest: run, name: '[1/1] RUN seq 1 400000', started: t0 }], logs: [{ vertex: run, stream: 1, timestamp: t0 + 1, msg: '1\n' }] }));
  const notes: string[] = [];
  for (let s = 1; s <= 70; s++) {
    clock.now = s * 1000;
    notes.push(...build.write(empty.repeat(1000)).lines);
  }
  assert.equal(notes.length, 2, notes.join('\n'));
  assert.match(notes[0]!, /^Note: for 30 s the engine has sent only empty progress messages \(31,000 of them\)/);
  assert.match(notes[0]!, /may then never finish/);
  assert.match(notes[1]!, /^Note: for 60 s the engine has sent only empty progress messages \(61,000 of them\)/);
  clock.now = 71_000;
  const back = build.write(trace({ logs: [{ vertex: run, stream: 1, timestamp: t0 + 71_000, msg: '2\n' }] })).lines;
  // The run began with the first chunk of empty messages, at 1 s.
  assert.equal(back.at(-1), 'Note: the engine sent progress again after 70 s of empty progress messages (70,000 of them).');
  assert.equal(build.emptyTraces, 70_000);
  assert.equal(build.lines, 1 + 1 + 2 + 2, 'the header, two output lines and the three notes count as log lines');
});

test('empty progress shorter than the limit, or broken by real progress, writes nothing', () => {
  const { clock, build } = tracedAt();
  const lines: string[] = [];
  for (let s = 1; s <= 100; s++) {
    clock.now = s * 1000;
    // Real progress every 20 s: never 30 s of only empty messages.
    const chunk = s % 20 === 0 ? trace({ vertexes: [{ digest: run, name: '[1/1] RUN x', started: t0 }] }) : empty.repeat(100);
    lines.push(...build.write(chunk).lines);
  }
  assert.deepEqual(lines.filter((l) => l.startsWith('Note:')), []);
});
