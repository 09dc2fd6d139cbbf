import assert from 'node:assert/strict';
import { connect, createServer, type ClientHttp2Session, type Http2Server, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { decodeGrpcFrames, encodeGrpcFrame, GrpcCode } from '../../../src/main/core/builds/session/grpc-frame';
import { serveDiffCopy, type FileSyncSource, type FileSyncTransfer } from '../../../src/main/core/builds/session/filesync';
import { decodePacket, encodePacket, GoFileMode, PacketType, type FileStat, type Packet } from '../../../src/main/core/builds/session/filesync-wire';

// DiffCopy played from the engine's side by a Node HTTP/2 client: what fsutil's receiver sends
// (REQ for chosen ids, FIN) and what it must get back (stats in order, DATA per file, FIN, status 0).
const stat = (path: string, mode: number, size = 0): FileStat => ({ path, mode, uid: 0, gid: 0, size, modTime: 946_684_800_000_000_001n, linkname: '' });
const contents = new Map<string, Buffer>([
  ['Dockerfile', Buffer.from('FROM scratch\n')],
  ['src/big.bin', Buffer.alloc(300 * 1024, 7)],
  ['src/small.txt', Buffer.from('small\n')],
]);
const entries: FileStat[] = [
  stat('Dockerfile', 0o644, 13),
  stat('src', GoFileMode.dir | 0o755),
  stat('src/big.bin', 0o644, 300 * 1024),
  stat('src/small.txt', 0o755, 6),
];
const transfers: FileSyncTransfer[] = [];
const source: FileSyncSource = {
  dirs: new Map([['context', { entries, filtered: true }]]),
  openContent: () => ({
    want: () => undefined,
    async *read(path: string) {
      const bytes = contents.get(path)!;
      // Two pieces, as git hands them over.
      yield bytes.subarray(0, 5);
      yield bytes.subarray(5);
    },
    close: () => undefined,
  }),
  onTransfer: (t) => transfers.push(t),
};

let server: Http2Server;
let client: ClientHttp2Session;

const serverSessions = new Set<Http2Session>();

before(async () => {
  server = createServer();
  server.on('session', (session) => serverSessions.add(session));
  server.on('stream', (stream, _headers, _flags, rawHeaders) => void serveDiffCopy(stream, rawHeaders, source));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
after(() => {
  // Streams failed on purpose may still be half-open: nothing here is waited for.
  client.destroy();
  for (const session of serverSessions) session.destroy();
  server.close();
});

interface Outcome {
  readonly packets: Packet[];
  readonly status: string | undefined;
  readonly message: string | undefined;
}

/** Opens DiffCopy; `react` sees each packet and returns what to send back. */
function diffCopy(headers: Record<string, string | string[]>, react: (p: Packet, all: Packet[]) => Packet[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const stream = client.request({ ':method': 'POST', ':path': '/moby.filesync.v1.FileSync/DiffCopy', 'content-type': 'application/grpc', ...headers });
    const packets: Packet[] = [];
    let buffered = Buffer.alloc(0);
    let status: string | undefined;
    let message: string | undefined;
    stream.on('response', (h) => {
      if (h['grpc-status'] !== undefined) status = String(h['grpc-status']);
      if (h['grpc-message'] !== undefined) message = String(h['grpc-message']);
    });
    stream.on('trailers', (h) => {
      status = String(h['grpc-status']);
      if (h['grpc-message'] !== undefined) message = String(h['grpc-message']);
    });
    stream.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // Whole frames only; a partial one waits for the next chunk.
      let end = 0;
      while (buffered.length - end >= 5 && buffered.length - end - 5 >= buffered.readUInt32BE(end + 1)) end += 5 + buffered.readUInt32BE(end + 1);
      for (const m of decodeGrpcFrames(buffered.subarray(0, end))) {
        const p = decodePacket(m);
        packets.push(p);
        for (const reply of react(p, packets)) stream.write(encodeGrpcFrame(encodePacket(reply)));
      }
      buffered = buffered.subarray(end);
    });
    stream.on('end', () => resolve({ packets, status, message }));
    stream.on('error', reject);
  });
}

test('stats in walk order end with an empty STAT; requested files come back as DATA chunks, an empty DATA, then FIN and status 0', async () => {
  transfers.length = 0;
  const outcome = await diffCopy({ 'dir-name': 'context' }, (p) => {
    if (p.type === PacketType.STAT && !p.stat) return [{ type: PacketType.REQ, id: 2 }, { type: PacketType.REQ, id: 3 }];
    const ended = p.type === PacketType.DATA && !p.data && p.id === 3;
    return ended ? [{ type: PacketType.FIN, id: 0 }] : [];
  });
  assert.equal(outcome.status, '0');
  const stats = outcome.packets.filter((p) => p.type === PacketType.STAT);
  assert.deepEqual(stats.map((p) => p.stat?.path ?? null), ['Dockerfile', 'src', 'src/big.bin', 'src/small.txt', null]);
  const data = (id: number) => Buffer.concat(outcome.packets.filter((p) => p.type === PacketType.DATA && p.id === id && p.data).map((p) => Buffer.from(p.data!)));
  assert.deepEqual(data(2), contents.get('src/big.bin'));
  assert.deepEqual(data(3), contents.get('src/small.txt'));
  assert.ok(outcome.packets.every((p) => (p.data?.length ?? 0) <= 128 * 1024), 'DATA packets stay within the chunk size');
  assert.equal(outcome.packets.filter((p) => p.type === PacketType.DATA && p.id === 0).length, 0, 'an unrequested file is not sent');
  assert.equal(outcome.packets.at(-1)?.type, PacketType.FIN);
  assert.deepEqual(transfers, [{ dir: 'context', entries: 4, files: 2, bytes: 300 * 1024 + 6 }]);
});

test('follow paths narrow the listing, and ids index the narrowed listing', async () => {
  const outcome = await diffCopy({ 'dir-name': 'context', followpaths: ['src/small.txt'] }, (p) => {
    if (p.type === PacketType.STAT && !p.stat) return [{ type: PacketType.REQ, id: 1 }];
    return p.type === PacketType.DATA && !p.data ? [{ type: PacketType.FIN, id: 0 }] : [];
  });
  assert.equal(outcome.status, '0');
  assert.deepEqual(outcome.packets.filter((p) => p.type === PacketType.STAT).map((p) => p.stat?.path ?? null), ['src', 'src/small.txt', null]);
  assert.equal(Buffer.concat(outcome.packets.filter((p) => p.type === PacketType.DATA && p.data).map((p) => Buffer.from(p.data!))).toString(), 'small\n');
});

test('an unknown folder is NOT_FOUND; a request for a folder or past the end, or an ERR from the receiver, fails the call', async () => {
  const unknown = await diffCopy({ 'dir-name': 'elsewhere' }, () => []);
  assert.equal(unknown.status, String(GrpcCode.NOT_FOUND));
  assert.match(decodeURIComponent(unknown.message ?? ''), /no access allowed to dir "elsewhere"/);

  for (const id of [1, 99]) {
    const bad = await diffCopy({ 'dir-name': 'context' }, (p) => (p.type === PacketType.STAT && !p.stat ? [{ type: PacketType.REQ, id }] : []));
    assert.equal(bad.status, String(GrpcCode.INVALID_ARGUMENT), `REQ ${id}`);
  }
  const refused = await diffCopy({ 'dir-name': 'context' }, (p) => (p.type === PacketType.STAT && !p.stat ? [{ type: PacketType.ERR, id: 0, data: Buffer.from('disk full') }] : []));
  assert.equal(refused.status, String(GrpcCode.UNKNOWN));
  assert.match(decodeURIComponent(refused.message ?? ''), /disk full/);
});
