import { connect, constants as h2, type ClientHttp2Session } from 'node:http2';
import { decodeGrpcFrames, decodeGrpcMessage, encodeGrpcFrame, GrpcCode } from '../builds/session/grpc-frame';
import { openUpgradedConnection, type EngineConnection } from '../builds/session/upgrade';
import { decodeInfoResponse, decodeListWorkersResponse, encodeInfoRequest, encodeListWorkersRequest, type WorkerRecord } from './control-messages';

/** A gRPC call that ended with a non-OK status (UNIMPLEMENTED on engines whose BuildKit lacks it). */
export class ControlCallError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlCallError';
  }
}

export interface ControlReport {
  readonly workers: readonly WorkerRecord[];
  /** From Control/Info, else from a worker record; null when this BuildKit does not say. */
  readonly buildkitVersion: string | null;
}

export interface ControlOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** `1.41`: versioned like the docker CLI's path; the engine's own version otherwise. */
  readonly apiVersion?: string;
}

const maxResponseBytes = 1 << 20;

/**
 * Asks the engine's BuildKit what its workers are, as buildx's docker driver does: `POST /grpc`
 * upgraded to h2c, after which this process is the gRPC client of BuildKit's Control service.
 * The whole exchange is bounded by `timeoutMs`.
 */
export async function readBuildkitControl(engine: EngineConnection, options: ControlOptions): Promise<ControlReport> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`BuildKit's control API did not answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let client: ClientHttp2Session | undefined;
  try {
    const socket = await openUpgradedConnection(engine, {
      path: options.apiVersion ? `/v${options.apiVersion}/grpc` : '/grpc',
      headers: { Connection: 'Upgrade', Upgrade: 'h2c' },
      timeoutMs: options.timeoutMs,
      signal: controller.signal,
    });
    socket.on('error', () => undefined);
    client = connect('http://buildkit', { createConnection: () => socket });
    client.on('error', () => undefined);
    const session = client;
    const closeOnAbort = () => session.destroy();
    controller.signal.addEventListener('abort', closeOnAbort, { once: true });
    const workers = decodeListWorkersResponse(await unary(session, '/moby.buildkit.v1.Control/ListWorkers', encodeListWorkersRequest(), controller.signal));
    let buildkitVersion = workers.find((w) => w.buildkitVersion)?.buildkitVersion || null;
    if (!buildkitVersion) {
      try {
        buildkitVersion = decodeInfoResponse(await unary(session, '/moby.buildkit.v1.Control/Info', encodeInfoRequest(), controller.signal)) || null;
      } catch (error) {
        // BuildKit before 0.11 (engine 20.10's) has no Info: its version is simply not known.
        if (!(error instanceof ControlCallError && error.code === GrpcCode.UNIMPLEMENTED)) throw error;
      }
    }
    return { workers, buildkitVersion };
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof Error) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    client?.destroy();
  }
}

function unary(session: ClientHttp2Session, path: string, message: Uint8Array, signal: AbortSignal): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const stream = session.request({
      [h2.HTTP2_HEADER_METHOD]: 'POST',
      [h2.HTTP2_HEADER_PATH]: path,
      [h2.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc',
      te: 'trailers',
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let status: string | undefined;
    let statusMessage = '';
    const takeStatus = (headers: Record<string, unknown>) => {
      if (headers['grpc-status'] !== undefined) status = String(headers['grpc-status']);
      if (typeof headers['grpc-message'] === 'string') statusMessage = decodeGrpcMessage(headers['grpc-message']);
    };
    stream.on('response', (headers) => takeStatus(headers));
    stream.on('trailers', (headers) => takeStatus(headers));
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxResponseBytes) stream.close(h2.NGHTTP2_CANCEL);
      else chunks.push(chunk);
    });
    stream.on('error', (error) => reject(error));
    stream.on('close', () => {
      if (size > maxResponseBytes) return reject(new Error(`${path} answered more than ${maxResponseBytes} bytes`));
      if (status === undefined) return reject(new Error(`${path} ended without a gRPC status`));
      if (status !== '0') return reject(new ControlCallError(Number(status), statusMessage || `${path} failed with gRPC status ${status}`));
      try {
        const [first] = decodeGrpcFrames(Buffer.concat(chunks));
        resolve(first ?? Buffer.alloc(0));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    stream.end(encodeGrpcFrame(message));
  });
}
