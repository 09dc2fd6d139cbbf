import type { Agent, IncomingHttpHeaders, RequestOptions } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError } from '../../../shared/errors';

/**
 * One HTTP request of a ref listing, read to its end: the body is a few kilobytes of ref names,
 * so it is collected whole. Bounded three ways, like the git process it replaces: the caller's
 * abort signal, a silence timeout (nothing heard for `silenceMs`), and a size limit.
 */
export interface Exchange {
  readonly request: PreparedRequest;
  readonly signal?: AbortSignal | undefined;
  readonly silenceMs: number;
  /** For the canceled and timeout messages: "Listing the repository’s branches and tags". */
  readonly what: string;
}

/**
 * A request ready to send again and again: the watcher asks the same question of the same remote
 * every interval, so the URL is parsed and the headers are laid out once (as Node's raw header
 * list, which it writes as given instead of checking each header anew).
 */
export interface PreparedRequest {
  readonly secure: boolean;
  /** host[:port], for messages. */
  readonly host: string;
  readonly options: RequestOptions;
  readonly body: Buffer | null;
}

/** `headers` in the order given, with Host (and Content-Length for a body) as git's curl sends them. */
export function prepareRequest(url: URL, method: 'GET' | 'POST', headers: readonly (readonly [string, string])[], agent: Agent, body: Buffer | null = null): PreparedRequest {
  const flat: string[] = ['Host', url.host];
  for (const [name, value] of headers) flat.push(name, value);
  if (body) flat.push('Content-Length', String(body.length));
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return {
    secure: url.protocol === 'https:',
    host: url.host,
    options: { method, hostname, port: url.port || (url.protocol === 'https:' ? 443 : 80), path: `${url.pathname}${url.search}`, headers: flat, agent, setHost: false },
    body,
  };
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
    const { request } = run;
    const req = (request.secure ? httpsRequest : httpRequest)(request.options);
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
        () => finish(new AppError('timeout', `${run.what} stopped: ${request.host} sent nothing for ${Math.round(run.silenceMs / 1000)} s.`, 'The host or the network is very slow or stuck: try again later.')),
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
        if (size > maxBodyBytes) finish(new AppError('remote_error', `${request.host} sent more than ${maxBodyBytes / 1024 / 1024} MiB for a list of branches and tags.`, 'Check the repository on its host.'));
        else chunks.push(chunk);
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error: Error & { code?: string }) => finish(new ExchangeError(error, req.reusedSocket)));
    });
    if (request.body) req.end(request.body);
    else req.end();
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
