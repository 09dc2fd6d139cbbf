/**
 * Every bench keeps running: each bench's --quick mode, as a child process, must finish with exit 0
 * and print its figures. A bench that rots (a moved fixture, a renamed API, a figure that turned
 * NaN) fails here rather than on the day someone needs its numbers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

interface Finished {
  readonly code: number | null;
  readonly output: string;
}

/** Runs `npx tsx bench/<file> --quick` in its own process group, killed whole after `timeoutMs`. */
function quickBench(file: string, timeoutMs: number): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['--no-install', 'tsx', `bench/${file}`, '--quick'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs / 1000} s]`;
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const ratioSpread = String.raw`\d+\.\d+ / \d+\.\d+ / \d+\.\d+ \(min / median / max of \d+\)`;
const msSpread = String.raw`\d+ ms / \d+ ms / \d+ ms \(min / median / max of \d+\)`;

const benches: { file: string; timeoutMs: number; figures: RegExp[] }[] = [
  {
    file: 'build-vs-cli.ts',
    timeoutMs: 480_000,
    figures: [
      new RegExp(`^small context, cold cache, Slipway: ratio to the CLI ${ratioSpread}`, 'm'),
      new RegExp(`^small context, warm cache \\(one file changed\\), Slipway: ratio to the CLI ${ratioSpread}`, 'm'),
      new RegExp(`^large context .*, Slipway, session file sync: ratio to the CLI ${ratioSpread}`, 'm'),
      new RegExp(`^large context .*, Slipway, tar upload: ratio to the CLI ${ratioSpread}`, 'm'),
      /^ {2}Context: session file sync, sent \d+ files/m,
      /^\| small context, cold cache, Slipway \| \d+\.\d+ s \| \d+\.\d+ s \| \d+\.\d+ \/ \d+\.\d+ \/ \d+\.\d+ \|$/m,
    ],
  },
  {
    file: 'context-pack.ts',
    timeoutMs: 240_000,
    figures: [/^ {2}slipway packContext +\d+ ms/m, /^ {2}slipway \/ git archive: \d+\.\d+$/m, /^ {2}one file changed +Slipway tar upload \d+ ms .* ratio \d+\.\d+/m],
  },
  {
    file: 'log-latency.ts',
    timeoutMs: 360_000,
    figures: [
      new RegExp(`^paced engine → screen latency p95: ${msSpread}`, 'm'),
      /^paced renderer JS heap with the whole log: \d+\.\d MiB/m,
      /^paced, docker build --progress=plain for the same Dockerfile: \d+\.\d s/m,
      // Either a measured run or a run the bench itself called cut short: never a hang.
      /^unpaced run 1, [\d,]+ lines: (last line on screen \d+ ms after the click; raw \/build stream delivered it after \d+ ms|not counted\. )/m,
      /^unpaced runs cut short \(engine flood or time bound\): \d+ of \d+$/m,
      // 4,000 short lines stay far below the backlog that makes the engine flood: always measured.
      new RegExp(`^unpaced last line on screen / raw stream, both from their POST /build: ${ratioSpread}`, 'm'),
      new RegExp(`^unpaced engine → screen latency p95: ${msSpread}`, 'm'),
    ],
  },
  {
    file: 'pool.ts',
    timeoutMs: 300_000,
    figures: [
      new RegExp(`^one builder / docker CLI: ratio ${ratioSpread}`, 'm'),
      new RegExp(`^two builders / docker CLI: ratio ${ratioSpread}`, 'm'),
      /^round 1: docker CLI \d+\.\d s, one builder \d+\.\d s, two builders \d+\.\d s$/m,
    ],
  },
  {
    file: 'rules-match.ts',
    timeoutMs: 120_000,
    figures: [/^Slipway compiled matcher: +\d+\.\d+ ms/m, /^\| match [\d,]+ refs × 100 rules \| \d+\.\d+ ms \| \d+\.\d+ ms \| \d+\.\d+ \|$/m],
  },
  {
    file: 'startup.ts',
    timeoutMs: 180_000,
    figures: [
      /^seeded: 1000 builds, 10 repositories, 2 webhooks, 40 deliveries$/m,
      new RegExp(`^address printed: +${msSpread}`, 'm'),
      new RegExp(`^first heading painted: +${msSpread}`, 'm'),
      new RegExp(`^Builds page, 50 rows: +${msSpread}`, 'm'),
      new RegExp(`^ {2}heard of by this bench .*: heading ${msSpread}, rows ${msSpread}$`, 'm'),
      new RegExp(`^app's own first frame painted: ${msSpread}`, 'm'),
      /^ {2}the frame's keys and links worked \(the boot script held it\) before its heading was painted: \d+ of 2 starts$/m,
      /^address \/ bare node: +\d+\.\d\d/m,
      new RegExp(`^ {2}heading painted: +${msSpread}`, 'm'),
      new RegExp(`^ {2}50 rows painted: +${msSpread}`, 'm'),
      /^heading \/ bare page: +\d+\.\d\d; Builds page \/ bare page: \d+\.\d\d/m,
    ],
  },
  {
    file: 'trace-decode.ts',
    timeoutMs: 120_000,
    figures: [/^Slipway BuildTrace decode: +\d+\.\d+ ms/m, /^\+ log sink and log file: +\d+\.\d+ ms/m, /^ratio decode \/ JSON\.parse: \d+\.\d+/m],
  },
  {
    file: 'watcher.ts',
    timeoutMs: 240_000,
    figures: [
      new RegExp(`^Push → build queued, remote watcher at 2 s .*: ${msSpread}`, 'm'),
      new RegExp(`^Push → build queued, push hook \\(\\d+ signed GitHub deliveries\\): ${msSpread}`, 'm'),
      /^ {2}checks: \d+ → \d+\.\d\/s/m,
      /^ {2}Slipway process \(process\.cpuUsage\): \d+ ms = \d+\.\d % of one core/m,
      /^ {2}builds queued \(must be 0\): +0$/m,
    ],
  },
];

for (const bench of benches) {
  test(`bench/${bench.file} --quick runs to the end and prints its figures`, { timeout: bench.timeoutMs + 30_000 }, async () => {
    const started = Date.now();
    const { code, output } = await quickBench(bench.file, bench.timeoutMs);
    console.log(`# bench/${bench.file} --quick: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(code, 0, `bench/${bench.file} --quick exited ${code}:\n${output}`);
    assert.doesNotMatch(output, /\bNaN\b|Infinity/, `a figure is not a number:\n${output}`);
    for (const figure of bench.figures) assert.match(output, figure, `bench/${bench.file} --quick did not print ${figure}:\n${output}`);
  });
}
