import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClassicTrace, exitStatusOf } from '../../../src/main/core/builds/classic-trace';
import { privateBaseFailure } from '../../../src/main/core/builds/classic-build';
import { stepLineIndex } from '../../../src/renderer/src/features/builds/log-text';

// What Podman 4.3's POST /build sent on this machine (buildah 1.28), one JSON message per line.
const succeeded = [
  { stream: 'STEP 1/4: FROM local/busybox:latest\n' },
  { stream: 'STEP 2/4: RUN echo hello from run && ls /\n' },
  { stream: 'hello from run\n' },
  { stream: 'bin\ndev\n' },
  { stream: '--> 5d71a3a5379\n' },
  { stream: 'STEP 3/4: COPY a.txt /a.txt\n' },
  { stream: '--> Using cache e62e1de6777a3b1f0c\n' },
  { stream: 'STEP 4/4: LABEL "l"="v"\n' },
  { stream: 'COMMIT 127.0.0.1:5999/a/b:1\n' },
  { stream: '--> b9fbf8221dd\n' },
  { stream: 'Successfully tagged 127.0.0.1:5999/a/b:1\n' },
  { aux: { ID: 'sha256:b9fbf8221dd7597702ac5eb06187f364d16ae46b0501babc488f965e01c33a6b' } },
  { stream: 'Successfully built b9fbf8221dd7\n' },
];

const failedRun = [
  { stream: 'STEP 1/3: FROM local/busybox:latest\n' },
  { stream: 'STEP 2/3: RUN echo ok\n' },
  { stream: 'ok\n' },
  { stream: '--> 440aa46d0b7\n' },
  { stream: 'STEP 3/3: RUN echo before; sh -c "exit 3"\n' },
  { stream: 'before\n' },
  { errorDetail: { message: 'building at STEP "RUN echo before; sh -c "exit 3"": while running runtime: exit status 3\n' }, error: 'building at STEP "RUN echo before; sh -c "exit 3"": while running runtime: exit status 3\n' },
];

// A multi-stage build: buildah puts the stage before each header and before COMMIT.
const multiStage = [
  { stream: '[1/2] STEP 1/2: FROM local/busybox:latest AS build\n' },
  { stream: '[1/2] STEP 2/2: RUN echo built-26370 \u003e /out\n' },
  { stream: '--\u003e 3558f80bf50\n' },
  { stream: '[2/2] STEP 1/3: FROM local/busybox:latest\n' },
  { stream: '[2/2] STEP 2/3: COPY --from=build /out /out\n' },
  { stream: '--\u003e 0bfd81c8b2f\n' },
  { stream: '[2/2] STEP 3/3: RUN cat /out\n' },
  { stream: 'built-26370\n' },
  { stream: '[2/2] COMMIT docker.io/library/pmk:2\n' },
  { stream: '--\u003e 104e296f90b\n' },
  { stream: 'Successfully tagged docker.io/library/pmk:2\n' },
];

const bytes = (messages: readonly object[]) => Buffer.from(messages.map((m) => JSON.stringify(m)).join('\n') + '\n');

/** Feeds the stream in small pieces (messages and UTF-8 split anywhere) and collects everything. */
function run(messages: readonly object[], pieceSize = 7) {
  let clock = 1_000;
  const trace = new ClassicTrace(() => (clock += 100));
  const all = bytes(messages);
  const lines: string[] = [];
  let steps = trace.steps();
  for (let i = 0; i < all.length; i += pieceSize) {
    const update = trace.write(all.subarray(i, i + pieceSize));
    lines.push(...update.lines);
    if (update.steps) steps = [...update.steps];
  }
  const last = trace.end();
  lines.push(...last.lines);
  if (last.steps) steps = [...last.steps];
  return { trace, lines, steps };
}

describe('buildah message stream as steps and log', () => {
  test('each STEP becomes a step named as BuildKit names it, ended by its --> line', () => {
    const { trace, lines, steps } = run(succeeded);
    assert.deepEqual(steps.map((s) => s.name), ['[1/4] FROM local/busybox:latest', '[2/4] RUN echo hello from run && ls /', '[3/4] COPY a.txt /a.txt', '[4/4] LABEL "l"="v"']);
    assert.ok(steps.every((s) => s.completedAt !== null && s.error === null));
    assert.deepEqual(steps.map((s) => s.cached), [false, false, true, false]);
    assert.equal(trace.imageId, 'sha256:b9fbf8221dd7597702ac5eb06187f364d16ae46b0501babc488f965e01c33a6b');
    assert.equal(trace.failure, null);
    const run2 = lines.indexOf('#2 [2/4] RUN echo hello from run && ls /');
    assert.ok(run2 > 0);
    assert.match(lines[run2 + 1] ?? '', /^#2 \d+\.\d{3} hello from run$/);
    assert.match(lines[run2 + 3] ?? '', /^#2 \d+\.\d{3} dev$/);
    assert.match(lines[run2 + 4] ?? '', /^#2 DONE \d+\.\ds$/);
    assert.ok(lines.includes('#3 CACHED'));
    assert.ok(lines.includes('Successfully tagged 127.0.0.1:5999/a/b:1'), 'lines after the last step stay plain');
    assert.ok(!lines.some((l) => l.startsWith('--> ')), 'the layer ids are not shown as output');
    // The build page finds each step's block in the log by its header.
    for (const step of steps) assert.ok(stepLineIndex(lines, step.name) >= 0, step.name);
  });

  test('a failed RUN names its step, its exit status and last lines', () => {
    const { trace, lines, steps } = run(failedRun, 3);
    assert.equal(trace.failure?.exitCode, 3);
    assert.equal(trace.failure?.step?.name, '[3/3] RUN echo before; sh -c "exit 3"');
    assert.deepEqual(trace.failure?.lastLines, ['before']);
    assert.match(steps[2]?.error ?? '', /exit status 3$/);
    assert.equal(steps[1]?.error, null);
    assert.ok(lines.includes('#3 ERROR: building at STEP "RUN echo before; sh -c "exit 3"": while running runtime: exit status 3'));
    assert.deepEqual(lines.slice(-5), ['------', ' > [3/3] RUN echo before; sh -c "exit 3":', '   before', '------', 'ERROR: building at STEP "RUN echo before; sh -c "exit 3"": while running runtime: exit status 3']);
  });

  test('steps of a multi-stage build carry their stage as BuildKit names it', () => {
    const { lines, steps } = run(multiStage, 11);
    assert.deepEqual(steps.map((s) => s.name), ['[build 1/2] FROM local/busybox:latest AS build', '[build 2/2] RUN echo built-26370 > /out', '[stage-1 1/3] FROM local/busybox:latest', '[stage-1 2/3] COPY --from=build /out /out', '[stage-1 3/3] RUN cat /out']);
    assert.ok(steps.every((s) => s.completedAt !== null && s.error === null));
    const header = lines.indexOf('#5 [stage-1 3/3] RUN cat /out');
    assert.match(lines[header + 1] ?? '', /^#5 \d+\.\d{3} built-26370$/);
    assert.match(lines[header + 2] ?? '', /^#5 \d+\.\d{3} \[2\/2\] COMMIT docker\.io\/library\/pmk:2$/);
  });

  test('output without a final newline is kept when the stream ends', () => {
    const { lines } = run([{ stream: 'STEP 1/1: RUN printf abc\n' }, { stream: 'abc' }]);
    assert.ok(lines.some((l) => /^#1 \d+\.\d{3} abc$/.test(l)), lines.join('\n'));
  });

  test('exit status is read only from the end of the message', () => {
    assert.equal(exitStatusOf('x: while running runtime: exit status 127'), 127);
    assert.equal(exitStatusOf('exit status 2 was not the end of it'), null);
  });
});

describe('a base image Podman could not pull for want of a login', () => {
  const step = { id: 'classic-1', name: '[1/2] FROM 127.0.0.1:5000/team/base:1', platform: null, cached: false, startedAt: null, completedAt: null, error: 'x' };
  test('says to log Podman itself in', () => {
    const error = privateBaseFailure({ message: 'creating build container: initializing source docker://127.0.0.1:5000/team/base:1: reading manifest 1 in 127.0.0.1:5000/team/base: unauthorized: authentication required', exitCode: null, step, lastLines: [] });
    assert.equal(error?.code, 'unauthorized');
    assert.match(error?.message ?? '', /127\.0\.0\.1:5000\/team\/base:1/);
    assert.match(error?.hint ?? '', /podman login/);
  });
  test('also in a named stage of a multi-stage build', () => {
    const error = privateBaseFailure({ message: 'creating build container: …: unauthorized: authentication required', exitCode: null, step: { ...step, name: '[build 1/2] FROM localhost:5000/team/base:1 AS build' }, lastLines: [] });
    assert.match(error?.message ?? '', /"localhost:5000\/team\/base:1"/);
  });
  test('leaves a failed RUN alone', () => {
    assert.equal(privateBaseFailure({ message: 'while running runtime: exit status 1 (unauthorized)', exitCode: 1, step: { ...step, name: '[2/2] RUN curl x' }, lastLines: [] }), null);
  });
});
