import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BuildStreamParser,
  BuildTrace,
  decodeStatusResponse,
  encodeStatusResponse,
  exitCodeOf,
  humanSize,
  LineSplitter,
  platformOfStep,
  TraceReducer,
  type StatusResponseInput,
} from '../../../src/main/core/builds/trace';

const t0 = Date.UTC(2026, 10, 25, 8, 0, 0);
const run = 'sha256:' + 'a'.repeat(64);
const from = 'sha256:' + 'b'.repeat(64);
const other = 'sha256:' + 'c'.repeat(64);

/** Encodes and decodes, so every reducer test also goes through the wire format. */
const wire = (input: StatusResponseInput) => decodeStatusResponse(encodeStatusResponse(input));

function splitAll(chunks: (string | Uint8Array)[]): string[] {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk, 0, (l) => lines.push(l));
  splitter.flush((l) => lines.push(l));
  return lines;
}

describe('control.proto messages', () => {
  test('round-trip every field with BuildKit field numbers', () => {
    const bytes = encodeStatusResponse({
      vertexes: [{ digest: run, inputs: [from], name: '[2/3] RUN echo hi', cached: true, started: t0 + 1.5, completed: t0 + 400, error: 'boom' }],
      statuses: [{ id: 'transferring context:', vertex: run, name: 'n', current: 5_000_000_000, total: 6_000_000_000, timestamp: t0, started: t0, completed: t0 + 1 }],
      logs: [{ vertex: run, stream: 2, msg: 'héllo\n', timestamp: t0 + 123 }],
      warnings: [{ vertex: run, level: 1, short: 'careful', detail: ['a', 'b'], url: 'https://example.test' }],
    });
    const decoded = decodeStatusResponse(bytes);
    assert.deepEqual(decoded.vertexes, [{ digest: run, inputs: [from], name: '[2/3] RUN echo hi', cached: true, started: t0 + 1.5, completed: t0 + 400, error: 'boom' }]);
    assert.equal(decoded.statuses[0]?.current, 5_000_000_000);
    assert.equal(decoded.statuses[0]?.total, 6_000_000_000);
    assert.equal(decoded.statuses[0]?.id, 'transferring context:');
    assert.equal(new TextDecoder().decode(decoded.logs[0]?.msg), 'héllo\n');
    assert.equal(decoded.logs[0]?.stream, 2);
    assert.equal(decoded.logs[0]?.timestamp, t0 + 123);
    assert.deepEqual(decoded.warnings[0], { vertex: run, level: 1, short: 'careful', detail: ['a', 'b'], url: 'https://example.test' });
  });

  test('field numbers on the wire: Vertex.name is field 3 of the message in field 1', () => {
    const bytes = encodeStatusResponse({ vertexes: [{ name: 'x' }] });
    // 0x0a = field 1, length-delimited; inside it 0x1a = field 3, length-delimited.
    assert.deepEqual([...bytes], [0x0a, 0x03, 0x1a, 0x01, 0x78]);
  });

  test('unknown fields (progressGroup = 8) are skipped', () => {
    // Vertex { name: "x", progressGroup: { id: "g" } }
    const vertex = [0x1a, 0x01, 0x78, 0x42, 0x03, 0x0a, 0x01, 0x67];
    const decoded = decodeStatusResponse(Uint8Array.from([0x0a, vertex.length, ...vertex]));
    assert.equal(decoded.vertexes[0]?.name, 'x');
  });
});

describe('line splitting', () => {
  test('a line split across chunks, many lines per chunk, CRLF and \\r redraws', () => {
    assert.deepEqual(splitAll(['hel', 'lo\nwor', 'ld\n1\n2\n3\n']), ['hello', 'world', '1', '2', '3']);
    assert.deepEqual(splitAll(['a\r\n', 'b\r', '\n']), ['a', 'b']);
    assert.deepEqual(splitAll(['10%\r50%\r', '100%\n']), ['100%']);
    assert.deepEqual(splitAll(['no newline at end']), ['no newline at end']);
    assert.deepEqual(splitAll(['\n\n']), ['', '']);
  });

  test('a UTF-8 character split between chunks', () => {
    const bytes = new TextEncoder().encode('ä€😀\n');
    assert.deepEqual(splitAll([bytes.slice(0, 1), bytes.slice(1, 4), bytes.slice(4, 6), bytes.slice(6)]), ['ä€😀']);
  });

  test('a progress bar that never ends its line stays small', () => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) splitter.push(new TextEncoder().encode(`\r${i}%`), 0, (l) => lines.push(l));
    splitter.flush((l) => lines.push(l));
    assert.deepEqual(lines, ['9999%']);
  });

  test('an endless line is cut at the limit rather than held', () => {
    const splitter = new LineSplitter(10);
    const lines: string[] = [];
    splitter.push(new TextEncoder().encode('x'.repeat(25)), 0, (l) => lines.push(l));
    splitter.flush((l) => lines.push(l));
    assert.deepEqual(lines, ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});

describe('step names', () => {
  test('platform from a multi-platform step name', () => {
    assert.equal(platformOfStep('[linux/arm64 2/3] RUN echo hi'), 'linux/arm64');
    assert.equal(platformOfStep('[linux/arm/v7 builder 1/4] FROM docker.io/library/alpine'), 'linux/arm/v7');
    assert.equal(platformOfStep('[2/3] RUN echo hi'), null);
    assert.equal(platformOfStep('[builder 2/3] RUN echo a/b'), null);
    assert.equal(platformOfStep('[internal] load metadata for docker.io/library/alpine:latest'), null);
    assert.equal(platformOfStep('exporting to image'), null);
  });

  test('sizes and exit codes as docker prints them', () => {
    assert.equal(humanSize(60), '60B');
    assert.equal(humanSize(1_048_576), '1.049MB');
    assert.equal(humanSize(2_000), '2kB');
    assert.equal(exitCodeOf("executor failed running [/bin/sh -c exit 3]: exit code: 3"), 3);
    assert.equal(exitCodeOf('process "/bin/sh -c false" did not complete successfully: exit code: 1'), 1);
    assert.equal(exitCodeOf('failed to solve: dockerfile not found'), null);
  });
});

describe('TraceReducer', () => {
  test('steps and the plain log of a build with a cached step, output and an error', () => {
    const reducer = new TraceReducer();
    const lines: string[] = [];
    const push = (input: StatusResponseInput) => {
      const update = reducer.push(wire(input));
      lines.push(...update.lines);
      return update;
    };
    assert.equal(push({ vertexes: [{ digest: from, name: '[1/3] FROM local/busybox' }, { digest: run, inputs: [from], name: '[2/3] RUN make' }] }).stepsChanged, true);
    assert.deepEqual(lines, [], 'nothing prints before a step starts');
    push({ vertexes: [{ digest: from, name: '[1/3] FROM local/busybox', cached: true, started: t0, completed: t0 }] });
    push({ vertexes: [{ digest: run, name: '[2/3] RUN make', started: t0 + 100 }] });
    push({ logs: [{ vertex: run, stream: 1, timestamp: t0 + 223, msg: 'compiling\nlink' }] });
    push({ logs: [{ vertex: run, stream: 2, timestamp: t0 + 300, msg: 'warning: x\n' }] });
    push({ logs: [{ vertex: run, stream: 1, timestamp: t0 + 350, msg: 'ing\n' }] });
    push({
      vertexes: [{ digest: run, name: '[2/3] RUN make', started: t0 + 100, completed: t0 + 500, error: 'executor failed running [/bin/sh -c make]: exit code: 2' }],
    });
    assert.deepEqual(lines, [
      '#1 [1/3] FROM local/busybox',
      '#1 CACHED',
      '',
      '#2 [2/3] RUN make',
      '#2 0.123 compiling',
      '#2 0.200 warning: x',
      '#2 0.123 linking',
      '#2 ERROR: executor failed running [/bin/sh -c make]: exit code: 2',
    ]);
    const steps = reducer.steps();
    assert.deepEqual(steps[0], { id: from, name: '[1/3] FROM local/busybox', platform: null, cached: true, startedAt: new Date(t0).toISOString(), completedAt: new Date(t0).toISOString(), error: null });
    assert.equal(steps[1]?.error, 'executor failed running [/bin/sh -c make]: exit code: 2');
    assert.equal(steps[1]?.completedAt, new Date(t0 + 500).toISOString());
    assert.equal(reducer.firstLineOf(run), 3);
    assert.equal(reducer.firstLineOf(from), 0);
    assert.deepEqual(reducer.tailOf(run), ['compiling', 'warning: x', 'linking']);
    assert.equal(reducer.failedStep()?.id, run);
    assert.equal(reducer.lines, lines.length);
  });

  test('interleaved steps reprint their header, as plain progress does', () => {
    const reducer = new TraceReducer();
    const lines: string[] = [];
    const push = (input: StatusResponseInput) => lines.push(...reducer.push(wire(input)).lines);
    push({ vertexes: [{ digest: run, name: '[linux/amd64 2/2] RUN a', started: t0 }, { digest: other, name: '[linux/arm64 2/2] RUN a', started: t0 }] });
    push({ logs: [{ vertex: run, stream: 1, timestamp: t0 + 1000, msg: 'x86\n' }] });
    push({ logs: [{ vertex: other, stream: 1, timestamp: t0 + 2000, msg: 'arm\n' }] });
    push({ vertexes: [{ digest: run, name: '[linux/amd64 2/2] RUN a', started: t0, completed: t0 + 2500 }] });
    assert.deepEqual(lines, [
      '#1 [linux/amd64 2/2] RUN a',
      '#1 ...',
      '',
      '#2 [linux/arm64 2/2] RUN a',
      '#2 ...',
      '',
      '#1 [linux/amd64 2/2] RUN a',
      '#1 1.000 x86',
      '#1 ...',
      '',
      '#2 [linux/arm64 2/2] RUN a',
      '#2 2.000 arm',
      '#2 ...',
      '',
      '#1 [linux/amd64 2/2] RUN a',
      '#1 DONE 2.5s',
    ]);
    assert.deepEqual(reducer.steps().map((s) => s.platform), ['linux/amd64', 'linux/arm64']);
    assert.equal(reducer.firstLineOf(other), 3, 'the first header, not a reprint');
  });

  test('the same response completes one step before the next one starts', () => {
    const reducer = new TraceReducer();
    const lines: string[] = [];
    lines.push(...reducer.push(wire({ vertexes: [{ digest: from, name: 'A', started: t0 }] })).lines);
    lines.push(...reducer.push(wire({ logs: [{ vertex: from, stream: 1, timestamp: t0 + 10, msg: 'partial' }] })).lines);
    lines.push(
      ...reducer.push(wire({ vertexes: [{ digest: from, name: 'A', started: t0, completed: t0 + 50 }, { digest: run, name: 'B', started: t0 + 60 }] })).lines,
    );
    assert.deepEqual(lines, ['#1 A', '#1 0.010 partial', '#1 DONE 0.1s', '', '#2 B']);
  });

  test('statuses print once when done, warnings print, cancellation reads CANCELED, end() flushes', () => {
    const reducer = new TraceReducer();
    const lines: string[] = [];
    const push = (input: StatusResponseInput) => lines.push(...reducer.push(wire(input)).lines);
    push({ vertexes: [{ digest: from, name: '[internal] load build context', started: t0 }] });
    push({ statuses: [{ id: 'transferring context:', vertex: from, current: 30, timestamp: t0, started: t0 }] });
    push({ statuses: [{ id: 'sha256:layer', vertex: from, current: 5, total: 10, timestamp: t0, started: t0 }] });
    assert.deepEqual(reducer.progressOf(from), { current: 35, total: 10 });
    push({ statuses: [{ id: 'sha256:layer', vertex: from, current: 10, total: 10, timestamp: t0, started: t0, completed: t0 + 1 }] });
    push({ statuses: [{ id: 'transferring context:', vertex: from, current: 60, timestamp: t0, started: t0, completed: t0 + 5 }] });
    push({ statuses: [{ id: 'transferring context:', vertex: from, current: 60, timestamp: t0, started: t0, completed: t0 + 5 }] });
    push({ vertexes: [{ digest: from, name: '[internal] load build context', started: t0, completed: t0 + 40 }] });
    push({ warnings: [{ vertex: from, short: 'FROM uses a variable' }] });
    push({ vertexes: [{ digest: run, name: '[2/2] RUN sleep 100', started: t0 + 50 }], logs: [{ vertex: run, stream: 1, timestamp: t0 + 60, msg: 'waiting' }] });
    lines.push(...reducer.end().lines);
    push({ vertexes: [{ digest: run, name: '[2/2] RUN sleep 100', started: t0 + 50, completed: t0 + 900, error: 'context canceled' }] });
    assert.deepEqual(lines, [
      '#1 [internal] load build context',
      '#1 sha256:layer 10B / 10B done',
      '#1 transferring context: 60B done',
      '#1 DONE 0.0s',
      '#1 WARN: FROM uses a variable',
      '',
      '#2 [2/2] RUN sleep 100',
      '#2 0.010 waiting',
      '#2 CANCELED',
    ]);
    assert.equal(reducer.failedStep(), null, 'a canceled step is not a failure');
    assert.equal(reducer.progressOf(from), null, 'every transfer finished');
  });

  test('a step BuildKit restarts keeps its first start and prints DONE once', () => {
    const reducer = new TraceReducer();
    const lines: string[] = [];
    const push = (input: StatusResponseInput) => lines.push(...reducer.push(wire(input)).lines);
    push({ vertexes: [{ digest: from, name: '[internal] load remote build context', started: t0 }] });
    push({ vertexes: [{ digest: from, name: '[internal] load remote build context', started: t0, completed: t0 + 4 }] });
    push({ vertexes: [{ digest: from, name: '[internal] load remote build context', started: t0 + 5, completed: t0 + 6 }] });
    assert.deepEqual(lines, ['#1 [internal] load remote build context', '#1 DONE 0.0s']);
    assert.equal(reducer.steps()[0]?.startedAt, new Date(t0).toISOString());
    assert.equal(reducer.steps()[0]?.completedAt, new Date(t0 + 6).toISOString());
  });

  test('stepsChanged only when a step changed', () => {
    const reducer = new TraceReducer();
    reducer.push(wire({ vertexes: [{ digest: run, name: 'A', started: t0 }] }));
    assert.equal(reducer.push(wire({ logs: [{ vertex: run, stream: 1, timestamp: t0, msg: 'x\n' }] })).stepsChanged, false);
    assert.equal(reducer.push(wire({ vertexes: [{ digest: run, name: 'A', started: t0 }] })).stepsChanged, false);
    assert.equal(reducer.push(wire({ vertexes: [{ digest: run, name: 'A', started: t0, completed: t0 + 1 }] })).stepsChanged, true);
  });
});

const trace = (input: StatusResponseInput) =>
  JSON.stringify({ id: 'moby.buildkit.trace', aux: Buffer.from(encodeStatusResponse(input)).toString('base64') }) + '\r\n';

describe('the /build JSON-lines stream', () => {
  test('messages split at every byte boundary decode the same', () => {
    const body =
      trace({ vertexes: [{ digest: run, name: '[1/1] RUN echo ü', started: t0 }] }) +
      trace({ logs: [{ vertex: run, stream: 1, timestamp: t0 + 5, msg: 'ü\n' }] }) +
      JSON.stringify({ stream: 'Step 1/1 : ünicode\n' }) + '\n' +
      JSON.stringify({ id: 'moby.image.id', aux: { ID: 'sha256:' + 'f'.repeat(64) } }) + '\n' +
      JSON.stringify({ id: 'moby.buildkit.other', aux: { x: 1 } }) + '\n' +
      JSON.stringify({ errorDetail: { message: 'exit code: 7', code: 1 }, error: 'exit code: 7' });
    const bytes = Buffer.from(body);
    const whole = new BuildStreamParser();
    const expected = [...whole.push(bytes), ...whole.end()];
    assert.deepEqual(expected.map((e) => e.kind), ['trace', 'trace', 'stream', 'imageId', 'aux', 'error']);
    assert.deepEqual(expected[3], { kind: 'imageId', id: 'sha256:' + 'f'.repeat(64) });
    assert.deepEqual(expected[5], { kind: 'error', message: 'exit code: 7', code: 1 });
    assert.deepEqual(expected[2], { kind: 'stream', text: 'Step 1/1 : ünicode\n' });
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const parser = new BuildStreamParser();
      const events = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut)), ...parser.end()];
      assert.deepEqual(events, expected, `cut at ${cut}`);
    }
  });

  test('a body that is not JSON still reaches the log', () => {
    const parser = new BuildStreamParser();
    assert.deepEqual([...parser.push('502 Bad Gateway\n'), ...parser.end()], [{ kind: 'stream', text: '502 Bad Gateway\n' }]);
  });

  test('BuildTrace: steps, log, image id, and a failure with exit code and last lines', () => {
    const build = new BuildTrace();
    const lines: string[] = [];
    const body =
      trace({ vertexes: [{ digest: run, name: '[2/2] RUN ./test.sh', started: t0 }] }) +
      trace({ logs: [{ vertex: run, stream: 1, timestamp: t0 + 1, msg: 'ok 1\nnot ok 2\n' }] }) +
      trace({ vertexes: [{ digest: run, name: '[2/2] RUN ./test.sh', started: t0, completed: t0 + 9, error: 'executor failed running [/bin/sh -c ./test.sh]: exit code: 4' }] }) +
      JSON.stringify({ errorDetail: { message: 'executor failed running [/bin/sh -c ./test.sh]: exit code: 4' }, error: 'x' }) + '\n';
    let steps = null;
    for (let i = 0; i < body.length; i += 50) {
      const update = build.write(body.slice(i, i + 50));
      lines.push(...update.lines);
      steps = update.steps ?? steps;
    }
    lines.push(...build.end().lines);
    assert.equal(build.lines, lines.length);
    assert.equal(steps?.[0]?.error, 'executor failed running [/bin/sh -c ./test.sh]: exit code: 4');
    assert.equal(build.failure?.exitCode, 4);
    assert.deepEqual(build.failure?.lastLines, ['ok 1', 'not ok 2']);
    assert.deepEqual(lines, [
      '#1 [2/2] RUN ./test.sh',
      '#1 0.001 ok 1',
      '#1 0.001 not ok 2',
      '#1 ERROR: executor failed running [/bin/sh -c ./test.sh]: exit code: 4',
      '',
      '------',
      ' > [2/2] RUN ./test.sh:',
      '   ok 1',
      '   not ok 2',
      '------',
      'ERROR: executor failed running [/bin/sh -c ./test.sh]: exit code: 4',
    ]);
  });
});

test('steps come after the steps they build on, whatever order BuildKit announced them in', () => {
  const reducer = new TraceReducer();
  reducer.push(wire({ vertexes: [{ digest: other, inputs: [run], name: '[3/3] COPY a /a' }, { digest: run, inputs: [from], name: '[2/3] RUN x' }] }));
  reducer.push(wire({ vertexes: [{ digest: from, name: '[1/3] FROM busybox' }, { digest: 'sha256:ctx', name: '[internal] load build context' }] }));
  assert.deepEqual(reducer.steps().map((s) => s.name), ['[1/3] FROM busybox', '[2/3] RUN x', '[3/3] COPY a /a', '[internal] load build context']);
});

test('a step keeps its last 20 output lines for the failure summary', () => {
  const reducer = new TraceReducer();
  reducer.push(wire({ vertexes: [{ digest: run, name: 'A', started: t0 }] }));
  const body = Array.from({ length: 203 }, (_, i) => `out ${i}`).join('\n') + '\n';
  reducer.push(wire({ logs: [{ vertex: run, stream: 1, timestamp: t0, msg: body.slice(0, 700) }] }));
  reducer.push(wire({ logs: [{ vertex: run, stream: 1, timestamp: t0, msg: body.slice(700) }] }));
  assert.deepEqual(reducer.tailOf(run), Array.from({ length: 20 }, (_, i) => `out ${183 + i}`));
});

test('BuildTrace: plain stream text becomes log lines; a classic image id without an id field is still the image id', () => {
  const build = new BuildTrace();
  const first = build.write(JSON.stringify({ stream: 'Step 1/2 : FROM busybox\n ---> abc' }) + '\n');
  assert.deepEqual(first.lines, ['Step 1/2 : FROM busybox'], 'a partial line waits for its end');
  const second = build.write(JSON.stringify({ stream: 'def\nStep 2/2' }) + '\n' + JSON.stringify({ aux: { ID: 'sha256:' + '1'.repeat(64) } }) + '\n');
  const last = build.end();
  assert.deepEqual([...second.lines, ...last.lines], [' ---> abcdef', 'Step 2/2']);
  assert.equal(build.imageId, 'sha256:' + '1'.repeat(64));
  assert.equal(build.failure, null);
  assert.equal(build.lines, 3);
});

test('one platform of several: names carry the platform as BuildKit writes them, ids stay apart, the build numbers its steps once', () => {
  let last = 0;
  const number = () => ++last;
  const amd = new TraceReducer({ platform: 'linux/amd64', number });
  const arm = new TraceReducer({ platform: 'linux/arm64', number });
  // Both solves share the Dockerfile's load (one vertex digest); each has its own RUN.
  const shared = { digest: from, name: '[internal] load build definition from Dockerfile', started: t0, completed: t0 + 1 };
  const amdLines = amd.push(wire({ vertexes: [shared, { digest: run, inputs: [from], name: '[2/2] RUN make', started: t0 + 2 }] })).lines;
  const armLines = arm.push(wire({ vertexes: [shared, { digest: other, inputs: [from], name: 'exporting to image', started: t0 + 2 }] })).lines;
  assert.deepEqual(amdLines.filter((l) => !l.includes('DONE') && l !== ''), ['#1 [linux/amd64 internal] load build definition from Dockerfile', '#2 [linux/amd64 2/2] RUN make']);
  assert.deepEqual(armLines.filter((l) => !l.includes('DONE') && l !== ''), ['#3 [linux/arm64 internal] load build definition from Dockerfile', '#4 [linux/arm64] exporting to image']);
  const steps = [...amd.steps(), ...arm.steps()];
  assert.deepEqual(steps.map((s) => s.platform), ['linux/amd64', 'linux/amd64', 'linux/arm64', 'linux/arm64']);
  assert.equal(new Set(steps.map((s) => s.id)).size, 4, 'the shared vertex is one step per platform');
  // A name that already says its platform is left as it is.
  const labelledTwice = new TraceReducer({ platform: 'linux/arm64' });
  labelledTwice.push(wire({ vertexes: [{ digest: run, name: '[linux/arm64 1/2] FROM busybox', started: t0 }] }));
  assert.equal(labelledTwice.steps()[0]?.name, '[linux/arm64 1/2] FROM busybox');
});

test('one platform of several: the failed step and its last lines are found under the platform id', () => {
  const reducer = new TraceReducer({ platform: 'linux/arm64' });
  reducer.push(wire({ vertexes: [{ digest: run, name: '[2/2] RUN ./t', started: t0 }] }));
  reducer.push(wire({ logs: [{ vertex: run, stream: 1, timestamp: t0, msg: 'boom\n' }] }));
  reducer.push(wire({ vertexes: [{ digest: run, name: '[2/2] RUN ./t', started: t0, completed: t0 + 5, error: 'exit code: 2' }] }));
  const failed = reducer.failedStep();
  assert.equal(failed?.name, '[linux/arm64 2/2] RUN ./t');
  assert.equal(failed?.id, `${run}@linux/arm64`);
  assert.deepEqual(reducer.tailOf(failed?.id ?? ''), ['boom']);
});
