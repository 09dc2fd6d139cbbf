import { request } from 'node:http';
import { pack } from 'tar-stream';
import type { TestEngine } from './engine';

/** A build context as file name → content, packed into a tar the way the Engine API takes it. */
export function tarContext(files: Record<string, string>): Promise<Buffer> {
  const tar = pack();
  for (const [name, content] of Object.entries(files)) tar.entry({ name, mode: 0o644 }, content);
  tar.finalize();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    tar.on('data', (c: unknown) => chunks.push(c as Buffer));
    tar.on('end', () => resolve(Buffer.concat(chunks)));
    tar.on('error', reject);
  });
}

export interface RawBuild {
  status: number;
  /** The response body chunks exactly as the socket delivered them. */
  chunks: Buffer[];
  /** Wall time from sending the request to the last byte. */
  ms: number;
}

/**
 * POST /build?version=2 over the engine's unix socket with a plain http request, so the decoder is
 * tested against the bytes the engine sends and not through a client library's reshaping.
 */
export function rawBuild(
  engine: TestEngine,
  context: Buffer,
  query: Record<string, string> = {},
  onChunk?: (chunk: Buffer) => void,
): Promise<RawBuild> {
  const params = new URLSearchParams({ version: '2', rm: '1', forcerm: '1', ...query });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: engine.socketPath,
        method: 'POST',
        path: `/v1.41/build?${params.toString()}`,
        headers: { 'Content-Type': 'application/x-tar', 'Content-Length': String(context.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          onChunk?.(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, chunks, ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(context);
  });
}
