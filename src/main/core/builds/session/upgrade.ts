import { request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Duplex } from 'node:stream';
import { AppError } from '../../../../shared/errors';
import { phrase } from '../../../../shared/i18n/phrase';
import type { EngineEndpoint } from '../../docker/endpoint';
import { dockerodeOptions } from '../../docker/engine';

export type EngineConnection = Pick<EngineEndpoint, 'endpoint' | 'tls'>;

export interface UpgradeRequest {
  readonly path: string;
  readonly headers: OutgoingHttpHeaders;
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
}

/**
 * Sends one HTTP/1.1 request that the engine answers with 101 and hands back the raw connection,
 * with any bytes the engine sent right after the 101 in front of it.
 */
export function openUpgradedConnection(engine: EngineConnection, upgrade: UpgradeRequest): Promise<Duplex> {
  const options = dockerodeOptions(engine);
  if (options.protocol === 'ssh') {
    return Promise.reject(
      new AppError('unavailable', phrase('builds.errors.sessionSsh'), phrase('builds.errors.sessionSshHint')),
    );
  }
  const base = {
    method: 'POST',
    path: upgrade.path,
    headers: upgrade.headers,
    // A pooled socket would be handed to HTTP/2 and never come back: each session gets its own.
    agent: false as const,
  };
  return new Promise<Duplex>((resolve, reject) => {
    let settled = false;
    let req: ClientRequest;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      cleanup();
      req.destroy();
      reject(error);
    };
    const onAbort = () => fail(new AppError('canceled', phrase('builds.errors.sessionCanceled')));
    const timer = setTimeout(
      () => fail(new AppError('timeout', phrase('builds.errors.sessionTimeout', { endpoint: engine.endpoint, seconds: upgrade.timeoutMs / 1000 }), phrase('builds.errors.sessionTimeoutHint'))),
      upgrade.timeoutMs,
    );
    const cleanup = () => {
      clearTimeout(timer);
      upgrade.signal?.removeEventListener('abort', onAbort);
    };
    if (options.socketPath !== undefined) {
      req = httpRequest({ ...base, socketPath: String(options.socketPath) });
    } else if (options.protocol === 'https') {
      req = httpsRequest({
        ...base,
        host: options.host,
        port: options.port,
        ...(options.ca ? { ca: options.ca as string } : {}),
        ...(options.cert ? { cert: options.cert as string } : {}),
        ...(options.key ? { key: options.key as string } : {}),
        rejectUnauthorized: engine.tls?.verify !== false,
      });
    } else {
      req = httpRequest({ ...base, host: options.host, port: options.port });
    }
    req.on('upgrade', (_res: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (settled) {
        socket.destroy();
        return;
      }
      settled = true;
      cleanup();
      // Always through the JS stream: bytes the engine sent with (or right after) its 101 can sit in
      // `head` or in the socket's JS buffer, where node:http2 reading the native handle never sees
      // them; and node:http2's server drops a TLSSocket whose ALPN chose nothing ("unknownProtocol").
      resolve(withLeadingBytes(socket, head));
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < 4096) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => fail(refusal(engine, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
      res.on('error', () => fail(refusal(engine, res.statusCode ?? 0, '')));
    });
    req.on('error', (error: NodeJS.ErrnoException) => fail(connectionError(engine, error)));
    if (upgrade.signal?.aborted) {
      onAbort();
      return;
    }
    upgrade.signal?.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

function engineMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.trim().slice(0, 300);
}

function refusal(engine: EngineConnection, status: number, body: string): AppError {
  const detail = engineMessage(body);
  // Engines before API 1.39 keep /session behind experimental mode; a proxy in front may not know it.
  if (status === 404 || status === 405 || status === 501 || (status === 400 && /experimental|not supported|unknown|upgrade/i.test(detail))) {
    return new AppError(
      'unavailable',
      detail ? phrase('builds.errors.sessionUnsupportedSaid', { endpoint: engine.endpoint, status, detail }) : phrase('builds.errors.sessionUnsupported', { endpoint: engine.endpoint, status }),
      phrase('builds.errors.sessionUnsupportedHint'),
    );
  }
  return new AppError(
    'remote_error',
    detail ? phrase('builds.errors.sessionRefusedSaid', { endpoint: engine.endpoint, status, detail }) : phrase('builds.errors.sessionRefused', { endpoint: engine.endpoint, status }),
    phrase('builds.errors.sessionRefusedHint'),
  );
}

function connectionError(engine: EngineConnection, error: NodeJS.ErrnoException): AppError {
  switch (error.code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
      return new AppError('unreachable', phrase('builds.errors.noEngineAt', { endpoint: engine.endpoint }), phrase('builds.errors.noEngineAtHint'), { cause: error });
    case 'EACCES':
      return new AppError('unavailable', phrase('builds.errors.permissionAt', { endpoint: engine.endpoint }), phrase('builds.errors.permissionAtHint'), { cause: error });
    default:
      if (error.code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(error.message)) {
        return new AppError('tls', phrase('builds.errors.tlsFailed', { endpoint: engine.endpoint, detail: error.message }), phrase('builds.errors.tlsFailedHint'), { cause: error });
      }
      return new AppError('unreachable', phrase('builds.errors.engineUnreachable', { endpoint: engine.endpoint, detail: error.code ?? error.message }), phrase('builds.errors.engineUnreachableHint'), { cause: error });
  }
}

/**
 * The engine starts HTTP/2 right after its 101, so its preface often arrives in the same packet and
 * Node hands it over as `head`. socket.unshift() is not enough over TLS: node:http2 reads a TLS
 * socket's native handle and never sees bytes put back into the JS stream (the session then died
 * with "connection closed" on the engine's side; a plain socket's buffered bytes it does pick up).
 * A plain Duplex in front makes http2 read through JavaScript, head first.
 */
function withLeadingBytes(socket: Duplex, head: Buffer): Duplex {
  const front = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  if (head.length > 0) front.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!front.push(chunk)) socket.pause();
  });
  socket.once('end', () => front.push(null));
  socket.once('error', (error) => front.destroy(error));
  socket.once('close', () => front.destroy());
  return front;
}
