/**
 * git's pkt-line framing (gitprotocol-common): four hex digits give the length of the packet,
 * those four included, then the payload. Three lengths below 4 are markers without a payload:
 * 0000 flush (end of a section), 0001 delim (between a v2 command's capabilities and its
 * arguments) and 0002 response-end (a v2 response is complete, used by stateless transports).
 */

/** The longest packet git sends or accepts, header included (LARGE_PACKET_MAX). */
export const maxPacketLength = 65520;

export type Packet =
  | { readonly type: 'data'; readonly payload: Buffer }
  | { readonly type: 'flush' }
  | { readonly type: 'delim' }
  | { readonly type: 'response-end' };

/** A stream that does not follow pkt-line framing: what the server sent is not git's protocol. */
export class PktLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PktLineError';
  }
}

/** One data packet holding `payload` (a string is written as UTF-8). */
export function dataPacket(payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const length = body.length + 4;
  if (length > maxPacketLength) throw new PktLineError(`a packet of ${length} bytes is longer than the ${maxPacketLength} pkt-line allows`);
  return Buffer.concat([Buffer.from(length.toString(16).padStart(4, '0'), 'ascii'), body]);
}

export const flushPacket = Buffer.from('0000', 'ascii');
export const delimPacket = Buffer.from('0001', 'ascii');
export const responseEndPacket = Buffer.from('0002', 'ascii');

const hexDigit = /^[0-9a-f]{4}$/i;

/**
 * Reads packets out of a byte stream that arrives in arbitrary chunks: a packet split across
 * chunks is held until it is whole. A length that is not four hex digits, a reserved length
 * (0003) or one beyond the maximum throws a PktLineError naming the offending bytes.
 */
export class PktLineReader {
  #pending: Buffer = Buffer.alloc(0);
  /** Bytes read before the pending ones: where in the stream an error happened. */
  #offset = 0;

  /** Adds a chunk and returns every packet it completed, in order. */
  push(chunk: Buffer): Packet[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const packets: Packet[] = [];
    let at = 0;
    while (this.#pending.length - at >= 4) {
      const header = this.#pending.toString('latin1', at, at + 4);
      if (!hexDigit.test(header)) throw new PktLineError(`bad pkt-line length ${JSON.stringify(header)} at byte ${this.#offset + at}`);
      const length = Number.parseInt(header, 16);
      if (length === 0) packets.push({ type: 'flush' });
      else if (length === 1) packets.push({ type: 'delim' });
      else if (length === 2) packets.push({ type: 'response-end' });
      else if (length === 3) throw new PktLineError(`reserved pkt-line length 0003 at byte ${this.#offset + at}`);
      else if (length > maxPacketLength) throw new PktLineError(`pkt-line length ${length} at byte ${this.#offset + at} is over the maximum of ${maxPacketLength}`);
      else {
        if (this.#pending.length - at < length) break;
        // A copy: the chunk the packet came in is not kept alive by one small line.
        packets.push({ type: 'data', payload: Buffer.from(this.#pending.subarray(at + 4, at + length)) });
        at += length;
        continue;
      }
      at += 4;
    }
    this.#offset += at;
    this.#pending = at === this.#pending.length ? Buffer.alloc(0) : this.#pending.subarray(at);
    return packets;
  }

  /** Throws if the stream ended inside a packet. */
  end(): void {
    if (this.#pending.length > 0) throw new PktLineError(`the stream ended inside a packet (${this.#pending.length} bytes left at byte ${this.#offset})`);
  }
}

/** A data packet's payload as text, without the one trailing newline git puts after most lines. */
export function packetText(packet: Packet & { type: 'data' }): string {
  const text = packet.payload.toString('utf8');
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** Every packet of a complete body (a response read to its end). */
export function readPackets(body: Buffer): Packet[] {
  const reader = new PktLineReader();
  const packets = reader.push(body);
  reader.end();
  return packets;
}
