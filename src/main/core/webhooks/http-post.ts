import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostResult {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly requestHeaders: [string, string][];
  readonly statusCode: number | null;
  readonly responseHeaders: [string, string][];
  readonly responseBody: string;
  readonly responseTruncated: boolean;
  /** What went wrong when no answer came: refused, reset, timed out, TLS. */
  readonly error: string | null;
}

export interface PostOptions {
  readonly timeoutMs: number;
  /** How much of the answer is kept for the history. */
  readonly maxResponseBytes: number;
  readonly signal?: AbortSignal;
}

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] ?? '', raw[i + 1] ?? '']);
  return out;
}

/** Turns a socket error into a sentence for the history. */
export function describeNetworkError(error: unknown, url: URL, timeoutMs: number): string {
  const code = (error as { code?: unknown }).code;
  const where = url.host;
  switch (code) {
    case 'ETIMEDOUT_SLIPWAY':
      return `No answer from ${where} within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}.`;
    case 'ECONNREFUSED':
      return `Connection refused: nothing is listening at ${where}.`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `The connection to ${where} was closed before the answer came.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The name ${url.hostname} could not be resolved.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached from this machine.`;
    case 'ABORT_ERR':
      return 'Slipway stopped before the answer came.';
    default:
      if (typeof code === 'string' && /CERT|SSL|TLS/.test(code)) return `The certificate of ${where} is not trusted (${code}).`;
      return `The request to ${where} failed${typeof code === 'string' ? ` (${code})` : ''}.`;
  }
}

/**
 * One POST with exactly the headers given (so the history shows what was sent), a hard timeout
 * over the whole exchange, and the answer kept up to a bound. Never throws: failures come back
 * as `error`.
 */
export function postOnce(url: URL, headers: [string, string][], body: string, options: PostOptions): Promise<PostResult> {
  const startedAt = new Date();
  const started = performance.now();
  const payload = Buffer.from(body, 'utf8');
  const sent: [string, string][] = [['Host', url.host], ...headers, ['Content-Length', String(payload.length)], ['Connection', 'close']];
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    let response: IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    let kept = 0;
    let truncated = false;
    const finish = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        startedAt: startedAt.toISOString(),
        durationMs: Math.round(performance.now() - started),
        requestHeaders: sent,
        statusCode: response?.statusCode ?? null,
        responseHeaders: response ? pairs(response.rawHeaders) : [],
        responseBody: Buffer.concat(chunks).toString('utf8'),
        responseTruncated: truncated,
        error: error === undefined ? null : describeNetworkError(error, url, options.timeoutMs),
      });
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // A flat list keeps the order and spelling, so the receiver gets exactly what the history shows.
    const req = send(url, { method: 'POST', headers: sent.flat(), setHost: false, agent: false });
    const fail = (code: string) => {
      const error = Object.assign(new Error(code), { code });
      req.destroy(error);
      response?.destroy(error);
      // A status and headers that already arrived are kept; the body was cut short.
      if (response) {
        truncated = true;
        finish(undefined);
      } else finish(error);
    };
    const timer = setTimeout(() => fail('ETIMEDOUT_SLIPWAY'), options.timeoutMs);
    const onAbort = () => fail('ABORT_ERR');
    if (options.signal?.aborted) return fail('ABORT_ERR');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => finish(error));
    req.on('response', (res) => {
      response = res;
      res.on('data', (chunk: Buffer) => {
        if (kept >= options.maxResponseBytes) {
          truncated = true;
          // Enough is kept: stop reading rather than download a large answer for nothing.
          res.destroy();
          finish(undefined);
          return;
        }
        const room = options.maxResponseBytes - kept;
        if (chunk.length > room) truncated = true;
        const part = chunk.subarray(0, room);
        chunks.push(part);
        kept += part.length;
      });
      res.on('end', () => finish(undefined));
      res.on('error', () => finish(undefined));
      res.on('aborted', () => finish(undefined));
    });
    req.end(payload);
  });
}
