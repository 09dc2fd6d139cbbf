/**
 * Watching an engine that may flood empty progress: dockerd 20.10 can answer a build whose step
 * prints unpaced output with `{"id":"moby.buildkit.trace","aux":""}` without end (TESTING.md). A
 * bench that waits for such a build waits forever, so everything here is bounded by time and by a
 * count of those empty messages, and says which bound ended the wait.
 */
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { BuildTrace } from '../../src/main/core/builds/trace';
import type { TestEngine } from '../../test/support/engine';
import { tempDir } from '../../test/support/temp';

const emptyTrace = Buffer.from('"id":"moby.buildkit.trace","aux":""}');

/** Counts empty trace messages in a byte stream, including one split across two chunks. */
export class EmptyTraceCounter {
  count = 0;
  #tail = Buffer.alloc(0);

  push(chunk: Buffer): void {
    const data = this.#tail.length > 0 ? Buffer.concat([this.#tail, chunk]) : chunk;
    for (let at = data.indexOf(emptyTrace); at >= 0; at = data.indexOf(emptyTrace, at + emptyTrace.length)) this.count++;
    // Keep what could be the start of a message the next chunk completes, never a whole one.
    this.#tail = Buffer.from(data.subarray(Math.max(0, data.length - (emptyTrace.length - 1))));
  }
}

export interface EngineTap extends TestEngine {
  /**
   * Empty trace messages the engine sent through the tap so far, on connections opened at or after
   * `since` (from `mark()`): a build cancelled earlier may still be flooding its own connection.
   */
  emptyTraces(since?: number): number;
  /** When (Date.now()) each `POST /build` went through the tap, at or after `from` (a connection may be kept alive and reused). */
  buildRequests(from: number): number[];
  /** The number the next connection gets, to pass to `emptyTraces` later. */
  mark(): number;
  close(): Promise<void>;
}

/**
 * A unix-socket pass-through in front of the engine: the app under test talks to the tap as its
 * DOCKER_HOST (upgrades for the BuildKit session pass through untouched), and the bench reads how
 * many empty trace messages the engine sent it.
 */
export async function tapEngine(engine: TestEngine): Promise<EngineTap> {
  // A counter per connection, in the order they were opened: a message split across two chunks belongs to one connection.
  const counters: EmptyTraceCounter[] = [];
  const builds: number[] = [];
  const socketPath = join(tempDir('slipway-tap-'), 'engine.sock');
  const server = createServer((client) => {
    const upstream = connect(engine.socketPath);
    const own = new EmptyTraceCounter();
    counters.push(own);
    // A request line is the first bytes of a chunk on a fresh keep-alive turn; the body (a tar) follows.
    client.on('data', (chunk: Buffer) => {
      if (chunk.subarray(0, 64).toString('latin1').match(/^POST (\/v[\d.]+)?\/build\?/)) builds.push(Date.now());
    });
    upstream.on('data', (chunk: Buffer) => own.push(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  return {
    host: `unix://${socketPath}`,
    socketPath,
    emptyTraces: (since = 0) => counters.slice(since).reduce((n, c) => n + c.count, 0),
    buildRequests: (from) => builds.filter((at) => at >= from),
    mark: () => counters.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

export interface BoundedStream {
  /** Milliseconds from the request to the first log line containing the end marker; null if never seen. */
  readonly lastLineMs: number | null;
  /** Milliseconds from the request to the end of the response; null if the wait was cut short. */
  readonly endedMs: number | null;
  readonly emptyTraces: number;
  readonly lines: number;
  /** Why the wait ended early: too many empty trace messages, or the time bound. */
  readonly cutShort: 'flood' | 'time' | null;
}

/**
 * POST /build?version=2 straight on the engine's socket, decoding the stream as it comes to note
 * when `endMarker` arrives; cut short (and the build cancelled by closing the request) after
 * `boundMs` or once more than `floodLimit` empty trace messages arrived.
 */
export function boundedRawBuild(
  engine: TestEngine,
  context: Buffer,
  endMarker: string,
  boundMs: number,
  floodLimit: number,
  /** Every batch of decoded log lines, as it arrives. */
  onLines?: (lines: readonly string[]) => void,
): Promise<BoundedStream> {
  const counter = new EmptyTraceCounter();
  const trace = new BuildTrace();
  const started = performance.now();
  let lastLineMs: number | null = null;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (cutShort: BoundedStream['cutShort'], endedMs: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ lastLineMs, endedMs, emptyTraces: counter.count, lines: trace.lines, cutShort });
      if (cutShort) req.destroy();
    };
    const timer = setTimeout(() => finish('time', null), boundMs);
    const req = request(
      {
        socketPath: engine.socketPath,
        method: 'POST',
        path: `/v1.41/build?${new URLSearchParams({ version: '2', rm: '1', forcerm: '1' }).toString()}`,
        headers: { 'Content-Type': 'application/x-tar', 'Content-Length': String(context.length) },
      },
      (res) => {
        if (res.statusCode !== 200) {
          settled = true;
          clearTimeout(timer);
          reject(new Error(`engine answered ${res.statusCode} to POST /build`));
          res.resume();
          return;
        }
        res.on('data', (chunk: Buffer) => {
          counter.push(chunk);
          const lines = trace.write(chunk).lines;
          if (lines.length > 0) onLines?.(lines);
          if (lastLineMs === null && lines.some((l) => l.includes(endMarker))) lastLineMs = performance.now() - started;
          if (counter.count > floodLimit) finish('flood', null);
        });
        res.on('end', () => finish(null, performance.now() - started));
        res.on('error', (e) => (settled ? undefined : reject(e)));
      },
    );
    req.on('error', (e) => (settled ? undefined : reject(e)));
    req.end(context);
  });
}
