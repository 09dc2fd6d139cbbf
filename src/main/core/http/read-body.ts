import type { IncomingMessage } from 'node:http';

/**
 * A request body as text, or null when it is larger than `limit` bytes. Past the limit the rest is
 * drained and dropped rather than the socket cut, so the caller can still answer a clean 413.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
