import { GrpcCode, GrpcError } from './grpc-frame';

/**
 * The messages of BuildKit's file sync (`/moby.filesync.v1.FileSync/DiffCopy`), which are fsutil's
 * `types.Packet` and `types.Stat` (fsutil types/wire.proto, types/stat.proto), encoded by hand:
 * modTime is int64 nanoseconds, beyond a double's exact range, and 20,000 stats per build want a
 * lean encoder. Proto3: fields at their default are left off the wire, as Go's encoder does.
 */

export const PacketType = { STAT: 0, REQ: 1, DATA: 2, FIN: 3, ERR: 4 } as const;
export type PacketTypeValue = (typeof PacketType)[keyof typeof PacketType];

/** Go's os.FileMode type bits, which fsutil puts in Stat.mode next to the permission bits. */
export const GoFileMode = { dir: 0x8000_0000, symlink: 0x0800_0000, typeMask: 0x8f28_0000 } as const;

export interface FileStat {
  /** Relative, `/`-separated, clean. */
  readonly path: string;
  /** Go FileMode: permissions plus GoFileMode.dir / .symlink. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  /** Nanoseconds since the Unix epoch. */
  readonly modTime: bigint;
  /** Symlink target. */
  readonly linkname: string;
}

export interface Packet {
  readonly type: PacketTypeValue;
  /** Absent on the STAT that ends the listing. */
  readonly stat?: FileStat;
  readonly id: number;
  readonly data?: Uint8Array;
}

export function isRegularFile(mode: number): boolean {
  return (mode & GoFileMode.typeMask) === 0;
}

class Writer {
  readonly #parts: Buffer[] = [];
  #length = 0;

  #push(b: Buffer): void {
    this.#parts.push(b);
    this.#length += b.length;
  }

  varint(field: number, value: bigint | number): void {
    const v = BigInt.asUintN(64, BigInt(value));
    if (v === 0n) return;
    this.#tag(field, 0);
    this.#push(varintBytes(v));
  }

  bytes(field: number, value: Uint8Array | string | undefined): void {
    if (value === undefined) return;
    const b = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (b.length === 0) return;
    this.#tag(field, 2);
    this.#push(varintBytes(BigInt(b.length)));
    this.#push(b);
  }

  /** A submessage is written even when empty: presence matters (a nil Stat ends the listing). */
  message(field: number, body: Buffer): void {
    this.#tag(field, 2);
    this.#push(varintBytes(BigInt(body.length)));
    this.#push(body);
  }

  #tag(field: number, wire: number): void {
    this.#push(varintBytes(BigInt((field << 3) | wire)));
  }

  finish(): Buffer {
    return Buffer.concat(this.#parts, this.#length);
  }
}

function varintBytes(value: bigint): Buffer {
  if (value < 0x80n) return Buffer.of(Number(value));
  const out: number[] = [];
  let v = value;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

export function encodeStat(stat: FileStat): Buffer {
  const w = new Writer();
  w.bytes(1, stat.path);
  w.varint(2, stat.mode >>> 0);
  w.varint(3, stat.uid);
  w.varint(4, stat.gid);
  w.varint(5, stat.size);
  w.varint(6, stat.modTime);
  w.bytes(7, stat.linkname);
  return w.finish();
}

export function encodePacket(packet: Packet): Buffer {
  const w = new Writer();
  w.varint(1, packet.type);
  if (packet.stat) w.message(2, encodeStat(packet.stat));
  w.varint(3, packet.id);
  w.bytes(4, packet.data);
  return w.finish();
}

class Reader {
  #offset = 0;
  constructor(readonly buf: Buffer) {}

  get done(): boolean {
    return this.#offset >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.#offset >= this.buf.length || shift > 63n) throw bad('truncated varint');
      const byte = this.buf[this.#offset++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  lengthDelimited(): Buffer {
    const length = Number(this.varint());
    if (this.#offset + length > this.buf.length) throw bad('truncated field');
    const out = this.buf.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 2) this.lengthDelimited();
    else if (wire === 1) this.#offset += 8;
    else if (wire === 5) this.#offset += 4;
    else throw bad(`unsupported wire type ${wire}`);
  }
}

function bad(message: string): GrpcError {
  return new GrpcError(GrpcCode.INTERNAL, `cannot decode fsutil packet: ${message}`);
}

export function decodeStat(bytes: Buffer): FileStat {
  const r = new Reader(bytes);
  let path = '';
  let mode = 0;
  let uid = 0;
  let gid = 0;
  let size = 0;
  let modTime = 0n;
  let linkname = '';
  while (!r.done) {
    const tag = Number(r.varint());
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 2) path = r.lengthDelimited().toString('utf8');
    else if (field === 2 && wire === 0) mode = Number(BigInt.asUintN(32, r.varint()));
    else if (field === 3 && wire === 0) uid = Number(BigInt.asUintN(32, r.varint()));
    else if (field === 4 && wire === 0) gid = Number(BigInt.asUintN(32, r.varint()));
    else if (field === 5 && wire === 0) size = Number(BigInt.asIntN(64, r.varint()));
    else if (field === 6 && wire === 0) modTime = BigInt.asIntN(64, r.varint());
    else if (field === 7 && wire === 2) linkname = r.lengthDelimited().toString('utf8');
    else r.skip(wire);
  }
  return { path, mode, uid, gid, size, modTime, linkname };
}

export function decodePacket(bytes: Buffer): Packet {
  const r = new Reader(bytes);
  let type = 0;
  let stat: FileStat | undefined;
  let id = 0;
  let data: Buffer | undefined;
  while (!r.done) {
    const tag = Number(r.varint());
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 0) type = Number(r.varint());
    else if (field === 2 && wire === 2) stat = decodeStat(r.lengthDelimited());
    else if (field === 3 && wire === 0) id = Number(BigInt.asUintN(32, r.varint()));
    else if (field === 4 && wire === 2) data = r.lengthDelimited();
    else r.skip(wire);
  }
  if (type < 0 || type > 4) throw bad(`unknown packet type ${type}`);
  return { type: type as PacketTypeValue, id, ...(stat ? { stat } : {}), ...(data ? { data } : {}) };
}
