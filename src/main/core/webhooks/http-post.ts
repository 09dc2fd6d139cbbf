import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';
import { inEnglish } from '../../../shared/i18n/translate';
import { waitPhrase } from './policy';

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
  /** The same as a phrase, for the history in the reader's language. */
  readonly errorPhrase?: Phrase;
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
export function describeNetworkError(error: unknown, url: URL, timeoutMs: number): Phrase {
  const code = (error as { code?: unknown }).code;
  const where = url.host;
  switch (code) {
    case 'ETIMEDOUT_SLIPWAY':
      return phrase('webhooks.wire.timeout', { where, wait: timeoutMs >= 1000 ? waitPhrase('s', Math.round(timeoutMs / 1000)) : waitPhrase('ms', timeoutMs) });
    case 'ECONNREFUSED':
      return phrase('webhooks.wire.refused', { where });
    case 'ECONNRESET':
    case 'EPIPE':
      return phrase('webhooks.wire.reset', { where });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return phrase('webhooks.wire.unresolved', { name: url.hostname });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return phrase('webhooks.wire.unreachable', { where });
    case 'ABORT_ERR':
      return phrase('webhooks.wire.aborted');
    default:
      if (typeof code === 'string' && /CERT|SSL|TLS/.test(code)) return phrase('webhooks.wire.untrusted', { where, code });
      return typeof code === 'string' ? phrase('webhooks.wire.failedWithCode', { where, code }) : phrase('webhooks.wire.failed', { where });
  }
}

function wordedError(said: Phrase): { error: string; errorPhrase: Phrase } {
  return { error: inEnglish(said), errorPhrase: said };
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
        ...(error === undefined ? { error: null } : wordedError(describeNetworkError(error, url, options.timeoutMs))),
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
