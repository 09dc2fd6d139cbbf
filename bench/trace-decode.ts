/**
 * Decoding the build log of a build that prints 200,000 lines, from the bytes the real engine sends
 * for POST /build?version=2 (recorded once from the test engine), against the least any consumer must
 * do with the same bytes: split the JSON lines and JSON.parse each. Also against real time: how long
 * the engine took to stream it.
 * The host's whole path is timed too: the decode, the log sink's batches and the log file.
 * Run: npx tsx bench/trace-decode.ts [lines] [--quick]   (--quick: 2,000 lines, 3 timed runs)
 */
import { rmSync } from 'node:fs';
import { LogSink, type BuildProgressStore } from '../src/main/core/builds/log-sink';
import { LogStore } from '../src/main/core/builds/log-store';
import { BuildStreamParser, BuildTrace } from '../src/main/core/builds/trace';
import { EventBus } from '../src/main/core/events';
import { tempDir } from '../test/support/temp';
import { ensureBusyboxImage, testEngine } from '../test/support/engine';
import { rawBuild, tarContext } from '../test/support/engine-build';
import { finite, quick } from './support/figures';

const given = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)));
const count = Number.isFinite(given) ? given : quick ? 2_000 : 200_000;
const timedRuns = quick ? 3 : 11;
const engine = await testEngine();
const base = await ensureBusyboxImage(engine);
const dockerfile = `FROM ${base}\nRUN echo ${Date.now()} && seq 1 ${count} | sed 's/^/output line /'\n`;
const recorded = await rawBuild(engine, await tarContext({ Dockerfile: dockerfile }), { nocache: '1' });
if (recorded.status !== 200) throw new Error(`engine answered ${recorded.status}`);
const chunks = recorded.chunks;
const bytes = chunks.reduce((n, c) => n + c.length, 0);

function jsonOnly(): number {
  const decoder = new TextDecoder();
  let rest = '';
  let messages = 0;
  for (const chunk of chunks) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim()) continue;
      JSON.parse(part);
      messages++;
    }
  }
  if (rest.trim()) messages++;
  return messages;
}

/** The parser alone: JSON, base64 and protobuf, without making steps or log lines. */
function protobufOnly(): number {
  const parser = new BuildStreamParser();
  let events = 0;
  for (const chunk of chunks) events += parser.push(chunk).length;
  return events + parser.end().length;
}

function decode(): number {
  const trace = new BuildTrace();
  let lines = 0;
  for (const chunk of chunks) lines += trace.write(chunk).lines.length;
  lines += trace.end().lines.length;
  return lines;
}

/**
 * The host's whole path for the stream: the decode, then the log sink's batches (each serialized as
 * the event socket sends it) and the log file, as a build writes them.
 */
function decodeAndStore(): number {
  const dir = tempDir('slipway-trace-bench-');
  const bus = new EventBus();
  let sent = 0;
  bus.subscribe((event) => void (sent += JSON.stringify(event).length));
  const store: BuildProgressStore = { setLogLines: () => undefined, setSteps: () => undefined, noteEvent: () => undefined };
  const sink = new LogSink('bench', new LogStore(dir), store, bus);
  const trace = new BuildTrace();
  for (const chunk of chunks) sink.write(trace.write(chunk).lines);
  sink.write(trace.end().lines);
  sink.close();
  rmSync(dir, { recursive: true, force: true });
  if (sent === 0) throw new Error('the sink sent no batch');
  return sink.lines;
}

function median(fn: () => unknown, runs = timedRuns): number {
  const times: number[] = [];
  fn();
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

const lines = decode();
const outputLines = count;
if (lines < outputLines) throw new Error(`decoded ${lines} lines, expected at least ${outputLines}: is the engine clipping logs?`);
const messages = jsonOnly();
const jsonMs = median(jsonOnly);
const protobufMs = median(protobufOnly);
const decodeMs = median(decode);
const storedLines = decodeAndStore();
if (storedLines !== lines) throw new Error(`the sink stored ${storedLines} lines of ${lines}`);
const hostMs = median(decodeAndStore);
finite('a decode time', jsonMs, protobufMs, decodeMs, hostMs, recorded.ms);
console.log(`stream: ${(bytes / 1e6).toFixed(1)} MB in ${chunks.length} chunks, ${messages} JSON messages, ${lines.toLocaleString('en-US')} log lines; the engine took ${recorded.ms.toFixed(0)} ms to send it`);
console.log(`JSON lines + JSON.parse only:  ${jsonMs.toFixed(1)} ms`);
console.log(`+ base64 + protobuf decode:    ${protobufMs.toFixed(1)} ms`);
console.log(`Slipway BuildTrace decode:     ${decodeMs.toFixed(1)} ms  (${Math.round(lines / (decodeMs / 1000)).toLocaleString('en-US')} lines/s)`);
console.log(`+ log sink and log file:       ${hostMs.toFixed(1)} ms  (the host's whole path for the stream)`);
console.log(`ratio decode / JSON.parse: ${(decodeMs / jsonMs).toFixed(2)}; decode / engine real time: ${(decodeMs / recorded.ms).toFixed(3)}`);
console.log(`| decode a ${count.toLocaleString('en-US')}-line build log | ${decodeMs.toFixed(1)} ms | ${jsonMs.toFixed(1)} ms (JSON.parse only) | ${(decodeMs / jsonMs).toFixed(2)} |`);
