import type { Agent, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError } from '../../../shared/errors';

/**
 * One HTTP request of a ref listing, read to its end: the body is a few kilobytes of ref names,
 * so it is collected whole. Bounded three ways, like the git process it replaces: the caller's
 * abort signal, a silence timeout (nothing heard for `silenceMs`), and a size limit.
 */
export interface Exchange {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  readonly headers: OutgoingHttpHeaders;
  readonly body?: Buffer;
  readonly agent: Agent;
  readonly signal?: AbortSignal | undefined;
  readonly silenceMs: number;
  /** For the canceled and timeout messages: "Listing the repository’s branches and tags". */
  readonly what: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A listing's answer is ref names; a body larger than this is not one. */
const maxBodyBytes = 128 * 1024 * 1024;

/**
 * A failure before any answer, as Node reports it (`code`: ECONNREFUSED, a TLS verification code),
 * with whether it happened on a kept connection the server may have closed meanwhile.
 */
export class ExchangeError extends Error {
  constructor(
    readonly failure: Error & { code?: string },
    readonly reusedSocket: boolean,
  ) {
    super(failure.message);
    this.name = 'ExchangeError';
  }
}

function once(run: Exchange): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (run.signal?.aborted) return reject(new AppError('canceled', `${run.what} was canceled.`));
    const send = run.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers = run.body ? { ...run.headers, 'Content-Length': String(run.body.length) } : run.headers;
    const req = send(run.url, { method: run.method, headers, agent: run.agent });
    let settled = false;
    let silence: NodeJS.Timeout | undefined;
    const finish = (error: Error | null, answer?: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(silence);
      run.signal?.removeEventListener('abort', onAbort);
      if (error) {
        // A connection left half-read cannot serve the next request: it goes, not back to the pool.
        req.destroy();
        reject(error);
      } else if (answer) resolve(answer);
    };
    // One timer pushed back on every sign of life, not a new timer per chunk.
    const heard = (): void => {
      if (silence) return void silence.refresh();
      silence = setTimeout(
        () => finish(new AppError('timeout', `${run.what} stopped: ${run.url.host} sent nothing for ${Math.round(run.silenceMs / 1000)} s.`, 'The host or the network is very slow or stuck: try again later.')),
        run.silenceMs,
      );
    };
    const onAbort = (): void => finish(new AppError('canceled', `${run.what} was canceled.`));
    run.signal?.addEventListener('abort', onAbort, { once: true });
    heard();
    req.on('error', (error: Error & { code?: string }) => finish(new ExchangeError(error, req.reusedSocket)));
    req.on('response', (res) => {
      heard();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        heard();
        size += chunk.length;
        if (size > maxBodyBytes) finish(new AppError('remote_error', `${run.url.host} sent more than ${maxBodyBytes / 1024 / 1024} MiB for a list of branches and tags.`, 'Check the repository on its host.'));
        else chunks.push(chunk);
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error: Error & { code?: string }) => finish(new ExchangeError(error, req.reusedSocket)));
    });
    req.end(run.body);
  });
}

/**
 * Sends the request; a kept connection the server closed just as it was reused (the server's idle
 * timeout racing ours) gets one more try on a fresh one. Listing refs changes nothing on the
 * server, so repeating it is safe.
 */
export async function exchange(run: Exchange): Promise<Answer> {
  try {
    return await once(run);
  } catch (error) {
    if (error instanceof ExchangeError && error.reusedSocket && (error.failure.code === 'ECONNRESET' || error.failure.code === 'EPIPE')) return once(run);
    throw error;
  }
}
