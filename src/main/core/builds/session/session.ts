import { randomBytes } from 'node:crypto';
import { createServer, constants as h2, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { Duplex } from 'node:stream';
import { AppError } from '../../../../shared/errors';
import { phrase } from '../../../../shared/i18n/phrase';
import { decodeUnaryRequest, defaultMaxMessageBytes, encodeGrpcFrame, encodeGrpcMessage, GrpcCode, GrpcError } from './grpc-frame';
import { FileSyncMethod, serveDiffCopy, type FileSyncSource } from './filesync';
import { createSessionHandler, SessionMethod, type SessionCall, type SessionServices } from './services';
import { openUpgradedConnection, type EngineConnection } from './upgrade';

export interface BuildSessionOptions extends SessionServices {
  readonly engine: EngineConnection;
  /** Shown by the engine for the session (the docker CLI sends the context folder's name). */
  readonly name?: string;
  /** `1.41`: the session path is versioned like the CLI's; without it the engine's own version applies. */
  readonly apiVersion?: string;
  /** Closes the session when aborted (a canceled build). */
  readonly signal?: AbortSignal;
  /**
   * Each call the engine made, with host or secret id but never a value: for the build log. Health
   * checks (about one a second while a build runs) are reported only when they fail.
   */
  readonly onCall?: (call: SessionCall) => void;
  readonly connectTimeoutMs?: number;
  /** Serves the build context (DiffCopy) from these folders; without it the context goes as a tar. */
  readonly fileSync?: FileSyncSource;
  /**
   * Groups the engine's copy of the last file-sync transfer: the same key on the next build (same
   * repository and context folder) lets the engine ask only for changed files. Defaults to the id.
   */
  readonly sharedKey?: string;
}

export interface BuildSession {
  /** Pass as `session=<id>` on POST /build. */
  readonly id: string;
  /** The methods the engine called, each once, in the order first called. */
  readonly calls: readonly string[];
  /** Settles when the connection is gone, whoever closed it. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

const maxCallsRemembered = 64;
const graceMs = 1000;

/**
 * Opens a BuildKit session on the engine as the docker CLI does: POST /session upgraded to h2c,
 * after which the engine is the gRPC client and this process serves the calls on that connection.
 */
export async function openBuildSession(options: BuildSessionOptions): Promise<BuildSession> {
  if (options.signal?.aborted) throw new AppError('canceled', phrase('builds.errors.sessionCanceled'));
  const handler = createSessionHandler(options);
  // Lowercase base36, 25 characters, like the ids BuildKit makes itself.
  const id = newSessionId();
  const name = options.name ?? 'slipway';
  const headers: Record<string, string | string[]> = {
    Connection: 'Upgrade',
    Upgrade: 'h2c',
    'X-Docker-Expose-Session-Uuid': id,
    'X-Docker-Expose-Session-Name': name,
    'X-Docker-Expose-Session-Sharedkey': options.sharedKey ?? id,
    'X-Docker-Expose-Session-Grpc-Method': [...handler.methods, ...(options.fileSync ? [FileSyncMethod.diffCopy] : [])],
  };
  const path = options.apiVersion ? `/v${options.apiVersion}/session` : '/session';
  const socket = await openUpgradedConnection(options.engine, {
    path,
    headers,
    timeoutMs: options.connectTimeoutMs ?? 10_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return serve(id, socket, handler, options);
}

function newSessionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(25), (b) => alphabet[b % alphabet.length]).join('');
}

function serve(id: string, socket: Duplex, handler: ReturnType<typeof createSessionHandler>, options: BuildSessionOptions): BuildSession {
  const calls: string[] = [];
  const streams = new Set<ServerHttp2Stream>();
  const server = createServer({ maxSessionMemory: 16 });
  let session: Http2Session | undefined;
  let closing: Promise<void> | undefined;

  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  socket.once('close', () => {
    options.signal?.removeEventListener('abort', onAbort);
    markClosed();
  });
  // Errors end in 'close'; without a listener a reset by the engine would crash the process.
  socket.on('error', () => undefined);

  server.on('session', (s: Http2Session) => {
    session = s;
    s.on('error', () => socket.destroy());
  });
  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, _flags: number, rawHeaders: string[]) => {
    streams.add(stream);
    stream.once('close', () => streams.delete(stream));
    stream.on('error', () => undefined);
    const method = String(headers[h2.HTTP2_HEADER_PATH] ?? '');
    if (method === FileSyncMethod.diffCopy && options.fileSync) {
      void serveDiffCopy(stream, rawHeaders, options.fileSync).then((result) => note({ method, code: result.code }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > defaultMaxMessageBytes + 5) tooLarge = true;
      else chunks.push(chunk);
    });
    stream.on('end', () => {
      if (tooLarge) {
        reply(stream, GrpcCode.RESOURCE_EXHAUSTED, 'request too large');
        note({ method, code: GrpcCode.RESOURCE_EXHAUSTED });
        return;
      }
      void (async () => {
        let request: Buffer;
        try {
          request = decodeUnaryRequest(Buffer.concat(chunks));
        } catch (error) {
          const e = error instanceof GrpcError ? error : new GrpcError(GrpcCode.INTERNAL, 'unreadable request');
          reply(stream, e.code, e.message);
          note({ method, code: e.code });
          return;
        }
        const result = await handler.handle(method, request);
        note(result.call);
        reply(stream, result.code, result.message, result.payload);
      })();
    });
  });

  function note(call: SessionCall): void {
    if (!calls.includes(call.method) && calls.length < maxCallsRemembered) calls.push(call.method);
    if (call.method === SessionMethod.health && call.code === GrpcCode.OK) return;
    try {
      options.onCall?.(call);
    } catch {
      // a logging callback never breaks the session
    }
  }

  const onAbort = () => void close();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  function close(): Promise<void> {
    closing ??= (async () => {
      options.signal?.removeEventListener('abort', onAbort);
      if (session && !session.closed && !session.destroyed) {
        // GOAWAY first so the engine sees an orderly end; a stuck peer gets the socket destroyed.
        await Promise.race([new Promise<void>((resolve) => session!.close(() => resolve())), delay(graceMs)]);
      }
      for (const stream of streams) stream.close(h2.NGHTTP2_CANCEL);
      session?.destroy();
      socket.destroy();
      server.close();
      await closed;
    })();
    return closing;
  }

  server.emit('connection', socket);
  return { id, calls, closed, close };
}

function reply(stream: ServerHttp2Stream, code: number, message?: string, payload?: Uint8Array): void {
  if (stream.destroyed || stream.closed) return;
  try {
    if (code === GrpcCode.OK && payload) {
      stream.respond({ [h2.HTTP2_HEADER_STATUS]: 200, [h2.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(encodeGrpcFrame(payload));
      return;
    }
    // Trailers-only response: status and message in the one HEADERS frame.
    stream.respond(
      {
        [h2.HTTP2_HEADER_STATUS]: 200,
        [h2.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
        'grpc-status': String(code),
        ...(message ? { 'grpc-message': encodeGrpcMessage(message) } : {}),
      },
      { endStream: true },
    );
  } catch {
    stream.destroy();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
