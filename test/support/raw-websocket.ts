import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawFrame {
  readonly opcode: number;
  readonly payload?: Buffer;
  readonly fin?: boolean;
  /** RSV1–3 as the frame's bits 6–4 of the first byte (0x40 is RSV1). */
  readonly rsv?: number;
  /** Clients must mask; false sends the frame as a server would. */
  readonly masked?: boolean;
}

/** Encodes one WebSocket frame byte by byte (RFC 6455 §5.2), including ones a good client never sends. */
export function encodeFrame(frame: RawFrame): Buffer {
  const payload = frame.payload ?? Buffer.alloc(0);
  const masked = frame.masked ?? true;
  const head = [((frame.fin ?? true) ? 0x80 : 0) | (frame.rsv ?? 0) | frame.opcode];
  const maskBit = masked ? 0x80 : 0;
  if (payload.length < 126) head.push(maskBit | payload.length);
  else if (payload.length < 0x10000) head.push(maskBit | 126, payload.length >> 8, payload.length & 0xff);
  else {
    const size = Buffer.alloc(8);
    size.writeBigUInt64BE(BigInt(payload.length));
    head.push(maskBit | 127, ...size);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), key, body]);
}

/** A close frame's payload: the status code, then the reason. */
export function closePayload(code: number, reason: Buffer | string = ''): Buffer {
  const status = Buffer.alloc(2);
  status.writeUInt16BE(code);
  return Buffer.concat([status, Buffer.from(reason)]);
}

export interface RawSocket {
  readonly socket: Socket;
  send(bytes: Buffer): void;
  /** Resolves when the server ends the connection; rejects after the bound. */
  closed(withinMs?: number): Promise<void>;
}

/**
 * Opens a WebSocket by hand on a plain TCP socket: the handshake with the headers given, then the
 * bytes are the caller's, so a test can send frames no WebSocket library would produce.
 */
export function rawWebSocket(port: number, path: string, headers: Readonly<Record<string, string>>): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no 101 within 5 s'));
    }, 5_000);
    let ended = false;
    socket.on('close', () => (ended = true));
    socket.on('error', () => undefined);
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      clearTimeout(timer);
      const status = received.subarray(0, received.indexOf('\r\n')).toString();
      if (!/^HTTP\/1\.1 101 /.test(status)) {
        socket.destroy();
        reject(new Error(`upgrade refused: ${status}`));
        return;
      }
      // Whatever the server sends from now on (a close frame) is read and dropped.
      socket.on('data', () => undefined);
      resolve({
        socket,
        send: (bytes) => socket.write(bytes),
        closed: (withinMs = 5_000) =>
          new Promise<void>((done, fail) => {
            if (ended) return done();
            const bound = setTimeout(() => fail(new Error(`the server kept the socket open for ${withinMs} ms`)), withinMs);
            socket.once('close', () => {
              clearTimeout(bound);
              done();
            });
          }),
      });
    };
    socket.on('data', onData);
    socket.once('connect', () => {
      const lines = [
        `GET ${path} HTTP/1.1`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  });
}
