import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { BuildStep } from '../../../src/shared/models/build';
import { BuildTrace } from '../../../src/main/core/builds/trace';
import { cli, ensureBusyboxImage, testEngine, type TestEngine } from '../../support/engine';
import { rawBuild, tarContext } from '../../support/engine-build';

// The decoder against the bytes the real engine (20.10, BuildKit) streams for POST /build?version=2.
let engine: TestEngine;
let base: string;
const tags: string[] = [];

before(async () => {
  engine = await testEngine();
  base = await ensureBusyboxImage(engine);
});
after(async () => {
  if (tags.length > 0) await cli(engine, ['rmi', '-f', ...tags]);
});

interface Outcome {
  status: number;
  lines: string[];
  steps: BuildStep[];
  build: BuildTrace;
}

async function build(files: Record<string, string>): Promise<Outcome> {
  const tag = `slipway-trace-test:${randomUUID().slice(0, 8)}`;
  tags.push(tag);
  const trace = new BuildTrace();
  const lines: string[] = [];
  let steps: BuildStep[] = [];
  const response = await rawBuild(engine, await tarContext(files), { t: tag }, (chunk) => {
    const update = trace.write(chunk);
    lines.push(...update.lines);
    if (update.steps) steps = update.steps;
  });
  const last = trace.end();
  lines.push(...last.lines);
  if (last.steps) steps = last.steps;
  return { status: response.status, lines, steps, build: trace };
}

const userSteps = (steps: BuildStep[]) => steps.filter((s) => /^\[\d+\/\d+\]/.test(s.name));

test('a three-step build: step names, output lines in order, timings, image id; then the same build from cache', async () => {
  const marker = randomUUID();
  const files = {
    Dockerfile: `FROM ${base}\nRUN echo ${marker} && for i in 1 2 3 4 5; do echo line-$i; done && echo to-stderr >&2\nCOPY hello.txt /hello.txt\n`,
    'hello.txt': 'hello\n',
  };
  const first = await build(files);
  assert.equal(first.status, 200);
  assert.equal(first.build.failure, null, first.lines.join('\n'));
  assert.match(first.build.imageId ?? '', /^sha256:[0-9a-f]{64}$/);
  const steps = userSteps(first.steps);
  assert.deepEqual(
    steps.map((s) => s.name),
    [
      `[1/3] FROM docker.io/${base}`,
      `[2/3] RUN echo ${marker} && for i in 1 2 3 4 5; do echo line-$i; done && echo to-stderr >&2`,
      '[3/3] COPY hello.txt /hello.txt',
    ],
  );
  const run = steps[1]!;
  assert.equal(run.cached, false);
  assert.equal(run.error, null);
  assert.equal(run.platform, null);
  assert.ok(run.startedAt && run.completedAt && run.completedAt >= run.startedAt);
  for (const step of first.steps) assert.ok(step.completedAt, `${step.name} completed`);

  // The RUN's block: header, its output with the time since the step started, DONE.
  const header = first.lines.findIndex((l) => /^#\d+ \[2\/3\] RUN /.test(l));
  assert.ok(header >= 0, first.lines.join('\n'));
  const n = /^#(\d+) /.exec(first.lines[header]!)![1];
  const block = first.lines.slice(header).filter((l) => l.startsWith(`#${n} `));
  const output = block.filter((l) => /^#\d+ \d+\.\d{3} /.test(l)).map((l) => l.replace(/^#\d+ \d+\.\d{3} /, ''));
  assert.deepEqual(output.filter((l) => l.startsWith('line-')), ['line-1', 'line-2', 'line-3', 'line-4', 'line-5']);
  assert.ok(output.includes(marker) && output.includes('to-stderr'), output.join('\n'));
  assert.match(block.at(-1)!, new RegExp(`^#${n} DONE \\d+\\.\\ds$`));
  assert.ok(first.lines.some((l) => /^#\d+ \[3\/3\] COPY hello\.txt \/hello\.txt$/.test(l)));

  const second = await build(files);
  assert.equal(second.build.failure, null);
  const again = userSteps(second.steps);
  assert.deepEqual(again.map((s) => s.name), steps.map((s) => s.name));
  assert.deepEqual(again.slice(1).map((s) => s.cached), [true, true]);
  assert.ok(second.lines.some((l) => /^#\d+ CACHED$/.test(l)));
  assert.ok(!second.lines.some((l) => l.endsWith(` line-1`)), 'a cached RUN prints no output');
  assert.equal(second.build.imageId, first.build.imageId);
});

test('a failing RUN: the step carries the error, the log its exit code and last lines', async () => {
  const marker = randomUUID();
  const files = { Dockerfile: `FROM ${base}\nRUN echo ${marker}\nRUN echo about-to-fail && echo oops >&2 && exit 7\nRUN echo never\n` };
  const outcome = await build(files);
  assert.equal(outcome.status, 200, 'the engine reports build failures inside the stream');
  const failed = userSteps(outcome.steps).find((s) => s.error !== null);
  assert.ok(failed, outcome.lines.join('\n'));
  assert.equal(failed.name, '[3/4] RUN echo about-to-fail && echo oops >&2 && exit 7');
  assert.match(failed.error!, /exit code: 7$/);
  assert.ok(!userSteps(outcome.steps).some((s) => s.name.includes('never') && s.completedAt && !s.error), 'the step after never ran');
  const failure = outcome.build.failure;
  assert.ok(failure);
  assert.equal(failure.exitCode, 7);
  assert.equal(failure.step?.id, failed.id);
  assert.deepEqual([...failure.lastLines].sort(), ['about-to-fail', 'oops']);
  assert.ok(outcome.lines.some((l) => /^#\d+ ERROR: .*exit code: 7$/.test(l)), outcome.lines.join('\n'));
  assert.equal(outcome.lines.at(-1), `ERROR: ${failure.message}`);
  assert.ok(outcome.lines.includes(' > [3/4] RUN echo about-to-fail && echo oops >&2 && exit 7:'));
  assert.equal(outcome.build.imageId, null);
});

test('no Dockerfile: a failure without a step, in the engine’s words', async () => {
  const outcome = await build({ 'README.md': 'no Dockerfile here\n' });
  const failure = outcome.build.failure;
  assert.ok(failure, outcome.lines.join('\n'));
  assert.equal(failure.step, null);
  assert.equal(failure.exitCode, null);
  assert.match(failure.message, /dockerfile|Dockerfile/);
  assert.equal(outcome.lines.at(-1), `ERROR: ${failure.message}`);
});
