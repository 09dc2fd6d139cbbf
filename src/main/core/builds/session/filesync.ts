import { constants as h2, type ServerHttp2Stream } from 'node:http2';
import { encodeGrpcFrame, encodeGrpcMessage, GrpcCode, GrpcError, defaultMaxMessageBytes, type GrpcCodeValue } from './grpc-frame';
import { selectEntries } from './filesync-patterns';
import { decodePacket, encodePacket, isRegularFile, PacketType, type FileStat, type Packet } from './filesync-wire';

/**
 * The session's file sync: the engine calls DiffCopy once per local source it reads (the
 * Dockerfile, .dockerignore, the context), this side lists every entry's stat, the engine compares
 * with what it kept from the previous transfer under the session's shared key and asks only for the
 * files whose stat differs. A bidirectional stream, so it is served here rather than through the
 * unary handler.
 */
export const FileSyncMethod = { diffCopy: '/moby.filesync.v1.FileSync/DiffCopy' } as const;

/** What a synced folder holds: stats in fsutil's walk order (lexical by path component, folders first). */
export interface SyncedDir {
  readonly entries: readonly FileStat[];
  /**
   * Like the docker CLI's folder with its .dockerignore: the entries are already filtered, so the
   * exclude patterns the engine derives from .dockerignore are not applied again unless it insists
   * (override-excludes).
   */
  readonly filtered: boolean;
}

/** Content of the files one DiffCopy sends: asked for with `want` as soon as requested, read in that order. */
export interface ContentStream {
  want(path: string): void;
  read(path: string): AsyncIterable<Buffer>;
  close(): void;
}

export interface FileSyncTransfer {
  readonly dir: string;
  readonly entries: number;
  readonly files: number;
  readonly bytes: number;
}

export interface FileSyncSource {
  /** By the `dir-name` the engine asks for: the docker CLI's are "context" and "dockerfile". */
  readonly dirs: ReadonlyMap<string, SyncedDir>;
  openContent(dir: string): ContentStream;
  /** After each DiffCopy that completed. */
  onTransfer?(transfer: FileSyncTransfer): void;
}

/** Each DATA packet carries at most this much (fsutil sends 32 KiB; bigger means fewer frames). */
const chunkBytes = 128 * 1024;
const statBatchBytes = 64 * 1024;

/** gRPC metadata as it arrives: one header line per value. */
export function metadataFrom(rawHeaders: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = rawHeaders[i]!.toLowerCase();
    if (key.startsWith(':')) continue;
    const list = out.get(key) ?? [];
    list.push(rawHeaders[i + 1]!);
    out.set(key, list);
  }
  return out;
}

export interface DiffCopyResult {
  readonly code: GrpcCodeValue;
  readonly message?: string;
  readonly transfer?: FileSyncTransfer;
}

/** Serves one DiffCopy call on `stream` until FIN, an error, or the engine going away. */
export function serveDiffCopy(stream: ServerHttp2Stream, rawHeaders: readonly string[], source: FileSyncSource): Promise<DiffCopyResult> {
  const meta = metadataFrom(rawHeaders);
  const dirName = meta.get('dir-name')?.[0] ?? '';
  const dir = source.dirs.get(dirName);
  if (!dir) {
    const message = `no access allowed to dir "${dirName}"`;
    trailersOnly(stream, GrpcCode.NOT_FOUND, message);
    return Promise.resolve({ code: GrpcCode.NOT_FOUND, message });
  }
  const override = meta.get('override-excludes')?.[0] === 'true';
  const entries = selectEntries(dir.entries, {
    includes: [...(meta.get('include-patterns') ?? []), ...(meta.get('followpaths') ?? [])],
    excludes: dir.filtered && !override ? [] : (meta.get('exclude-patterns') ?? []),
  });
  return new DiffCopy(stream, dirName, entries, source).run();
}

function trailersOnly(stream: ServerHttp2Stream, code: number, message: string): void {
  if (stream.destroyed || stream.closed) return;
  try {
    stream.respond(
      { [h2.HTTP2_HEADER_STATUS]: 200, [h2.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc', 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(message) },
      { endStream: true },
    );
  } catch {
    stream.destroy();
  }
}

class DiffCopy {
  readonly #queue: number[] = [];
  #fin = false;
  #failed: GrpcError | undefined;
  #gone = false;
  #wake: (() => void) | undefined;
  #inbox: Buffer = Buffer.alloc(0);
  readonly #content: ContentStream;
  #files = 0;
  #bytes = 0;

  constructor(
    readonly stream: ServerHttp2Stream,
    readonly dirName: string,
    readonly entries: readonly FileStat[],
    readonly source: FileSyncSource,
  ) {
    this.#content = source.openContent(dirName);
  }

  async run(): Promise<DiffCopyResult> {
    const { stream } = this;
    stream.on('data', (chunk: Buffer) => this.#receive(chunk));
    stream.once('close', () => {
      this.#gone = true;
      this.#poke();
    });
    let code: GrpcCodeValue = GrpcCode.OK;
    let message: string | undefined;
    try {
      stream.respond({ [h2.HTTP2_HEADER_STATUS]: 200, [h2.HTTP2_HEADER_CONTENT_TYPE]: 'application/grpc' }, { waitForTrailers: true });
      stream.once('wantTrailers', () => {
        try {
          stream.sendTrailers({ 'grpc-status': String(code), ...(message ? { 'grpc-message': encodeGrpcMessage(message) } : {}) });
        } catch {
          stream.destroy();
        }
      });
      await Promise.all([this.#sendStats(), this.#serveRequests()]);
      await this.#send({ type: PacketType.FIN, id: 0 });
    } catch (error) {
      const e = error instanceof GrpcError ? error : new GrpcError(GrpcCode.INTERNAL, error instanceof Error ? error.message : String(error));
      code = e.code;
      message = e.message;
    } finally {
      this.#content.close();
    }
    if (!stream.destroyed && !stream.closed) stream.end();
    const transfer: FileSyncTransfer = { dir: this.dirName, entries: this.entries.length, files: this.#files, bytes: this.#bytes };
    if (code === GrpcCode.OK) {
      try {
        this.source.onTransfer?.(transfer);
      } catch {
        // counting never breaks a transfer
      }
    }
    return { code, ...(message ? { message } : {}), transfer };
  }

  #receive(chunk: Buffer): void {
    this.#inbox = this.#inbox.length === 0 ? chunk : Buffer.concat([this.#inbox, chunk]);
    try {
      while (this.#inbox.length >= 5) {
        const length = this.#inbox.readUInt32BE(1);
        if (this.#inbox.readUInt8(0) !== 0) throw new GrpcError(GrpcCode.UNIMPLEMENTED, 'compressed gRPC messages are not supported');
        if (length > defaultMaxMessageBytes) throw new GrpcError(GrpcCode.RESOURCE_EXHAUSTED, 'message too large');
        if (this.#inbox.length < 5 + length) break;
        const packet = decodePacket(this.#inbox.subarray(5, 5 + length));
        this.#inbox = this.#inbox.subarray(5 + length);
        this.#handle(packet);
      }
    } catch (error) {
      this.#failed ??= error instanceof GrpcError ? error : new GrpcError(GrpcCode.INTERNAL, String(error));
    }
    this.#poke();
  }

  #handle(packet: Packet): void {
    switch (packet.type) {
      case PacketType.REQ: {
        const entry = this.entries[packet.id];
        if (!entry || !isRegularFile(entry.mode)) throw new GrpcError(GrpcCode.INVALID_ARGUMENT, `invalid file request ${packet.id}`);
        this.#content.want(entry.path);
        this.#queue.push(packet.id);
        return;
      }
      case PacketType.FIN:
        this.#fin = true;
        return;
      case PacketType.ERR:
        throw new GrpcError(GrpcCode.UNKNOWN, `error from receiver: ${Buffer.from(packet.data ?? new Uint8Array()).toString('utf8')}`);
      default:
        throw new GrpcError(GrpcCode.INVALID_ARGUMENT, `unexpected packet type ${packet.type} from the receiver`);
    }
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #check(): void {
    if (this.#failed) throw this.#failed;
    if (this.#gone) throw new GrpcError(GrpcCode.CANCELLED, 'the engine closed the transfer');
  }

  async #send(packet: Packet): Promise<void> {
    await this.#write(encodeGrpcFrame(encodePacket(packet)));
  }

  async #write(frames: Buffer): Promise<void> {
    this.#check();
    if (this.stream.write(frames)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
    this.#check();
  }

  async #sendStats(): Promise<void> {
    // Stats go out in batches of frames: 20,000 writes of 60 bytes each cost more than the listing.
    let batch: Buffer[] = [];
    let size = 0;
    for (const stat of this.entries) {
      const frame = encodeGrpcFrame(encodePacket({ type: PacketType.STAT, stat, id: 0 }));
      batch.push(frame);
      size += frame.length;
      if (size >= statBatchBytes) {
        await this.#write(Buffer.concat(batch, size));
        batch = [];
        size = 0;
      }
    }
    // A STAT without a stat ends the listing.
    batch.push(encodeGrpcFrame(encodePacket({ type: PacketType.STAT, id: 0 })));
    await this.#write(Buffer.concat(batch));
  }

  async #serveRequests(): Promise<void> {
    for (;;) {
      this.#check();
      const id = this.#queue.shift();
      if (id !== undefined) {
        await this.#sendFile(id);
        continue;
      }
      if (this.#fin) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  async #sendFile(id: number): Promise<void> {
    const entry = this.entries[id]!;
    for await (const piece of this.#content.read(entry.path)) {
      for (let at = 0; at < piece.length; at += chunkBytes) {
        const data = piece.subarray(at, Math.min(piece.length, at + chunkBytes));
        await this.#send({ type: PacketType.DATA, id, data });
        this.#bytes += data.length;
      }
    }
    await this.#send({ type: PacketType.DATA, id });
    this.#files++;
  }
}
