/**
 * gRPC over HTTP/2 carries each message as a 5-byte prefix (1 byte "compressed" flag, 4 bytes
 * big-endian length) followed by the protobuf bytes. A session serves unary calls only, so a
 * request body is exactly one such frame.
 */

/** The gRPC status codes this module answers with (numbers are fixed by the gRPC spec). */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export type GrpcCodeValue = (typeof GrpcCode)[keyof typeof GrpcCode];

export class GrpcError extends Error {
  readonly code: GrpcCodeValue;

  constructor(code: GrpcCodeValue, message: string) {
    super(message);
    this.name = 'GrpcError';
    this.code = code;
  }
}

const prefixBytes = 5;
/** grpc-go's default receive limit; BuildKit never sends requests anywhere near it. */
export const defaultMaxMessageBytes = 4 << 20;

export function encodeGrpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(prefixBytes + message.length);
  frame.writeUInt8(0, 0);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, prefixBytes);
  return frame;
}

/** Splits a whole body into its messages; throws GrpcError on anything a peer should not send. */
export function decodeGrpcFrames(body: Uint8Array, maxMessageBytes = defaultMaxMessageBytes): Buffer[] {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const messages: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < prefixBytes) {
      throw new GrpcError(GrpcCode.INTERNAL, 'truncated gRPC frame prefix');
    }
    const flag = bytes.readUInt8(offset);
    const length = bytes.readUInt32BE(offset + 1);
    // No grpc-encoding is ever negotiated on a session, so a compressed message cannot be read.
    if (flag === 1) throw new GrpcError(GrpcCode.UNIMPLEMENTED, 'compressed gRPC messages are not supported');
    if (flag !== 0) throw new GrpcError(GrpcCode.INTERNAL, `invalid gRPC frame flag ${flag}`);
    if (length > maxMessageBytes) {
      throw new GrpcError(GrpcCode.RESOURCE_EXHAUSTED, `gRPC message of ${length} bytes exceeds the limit of ${maxMessageBytes}`);
    }
    const start = offset + prefixBytes;
    if (bytes.length - start < length) throw new GrpcError(GrpcCode.INTERNAL, 'truncated gRPC message');
    messages.push(bytes.subarray(start, start + length));
    offset = start + length;
  }
  return messages;
}

/** The one message of a unary request. */
export function decodeUnaryRequest(body: Uint8Array, maxMessageBytes = defaultMaxMessageBytes): Buffer {
  const messages = decodeGrpcFrames(body, maxMessageBytes);
  if (messages.length !== 1) {
    throw new GrpcError(GrpcCode.INTERNAL, `a unary call carries one message, got ${messages.length}`);
  }
  return messages[0]!;
}

/**
 * grpc-message is percent-encoded: printable ASCII except '%' goes as is, every other byte of the
 * UTF-8 form as %XX.
 */
export function encodeGrpcMessage(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeGrpcMessage(encoded: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const hex = encoded[i] === '%' ? encoded.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(encoded.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
