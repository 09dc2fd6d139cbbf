import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GrpcError } from '../../../src/main/core/builds/session/grpc-frame';
import { includedBy, selectEntries } from '../../../src/main/core/builds/session/filesync-patterns';
import { decodePacket, encodePacket, GoFileMode, isRegularFile, PacketType, type FileStat } from '../../../src/main/core/builds/session/filesync-wire';
import { metadataFrom } from '../../../src/main/core/builds/session/filesync';
import { modTimeForObject, walkOrder } from '../../../src/main/core/builds/source/context-stats';

// fsutil's Packet/Stat as Go's proto3 encoder writes them: defaults off the wire, int64 times exact.
const stat = (path: string, mode = 0o644, extra: Partial<FileStat> = {}): FileStat => ({ path, mode, uid: 0, gid: 0, size: 0, modTime: 0n, linkname: '', ...extra });

test('a STAT packet carries the stat as field 2, with zero fields left out', () => {
  const bytes = encodePacket({ type: PacketType.STAT, id: 0, stat: stat('a', 0o644, { size: 1, modTime: 5n }) });
  assert.equal(bytes.toString('hex'), ['12', '0a', '0a0161', '10a403', '2801', '3005'].join(''));
});

test('the STAT that ends the listing is an empty message (no stat at all, not an empty one)', () => {
  assert.equal(encodePacket({ type: PacketType.STAT, id: 0 }).length, 0);
  assert.equal(decodePacket(Buffer.alloc(0)).stat, undefined);
  // An empty stat that is present must stay present: the receiver would read it as a path "".
  assert.equal(encodePacket({ type: PacketType.STAT, id: 0, stat: stat('', 0) }).toString('hex'), '1200');
});

test('REQ, DATA, FIN and ERR encode type, ID and data at fields 1, 3 and 4', () => {
  assert.equal(encodePacket({ type: PacketType.REQ, id: 7 }).toString('hex'), '08011807');
  assert.equal(encodePacket({ type: PacketType.DATA, id: 3, data: Buffer.from('abc') }).toString('hex'), '080218032203616263');
  assert.equal(encodePacket({ type: PacketType.DATA, id: 3 }).toString('hex'), '08021803', 'an empty DATA ends the file');
  assert.equal(encodePacket({ type: PacketType.FIN, id: 0 }).toString('hex'), '0803');
  const err = decodePacket(Buffer.from('08042204626f6f6d', 'hex'));
  assert.equal(err.type, PacketType.ERR);
  assert.equal(Buffer.from(err.data!).toString(), 'boom');
});

test('Go FileMode bits and 64-bit nanosecond times survive the round trip', () => {
  const dir = stat('src', GoFileMode.dir | 0o755);
  const dirBytes = encodePacket({ type: PacketType.STAT, id: 0, stat: dir });
  assert.ok(dirBytes.includes(Buffer.from('10ed83808008', 'hex')), 'mode 0x800001ed as a 5-byte varint');
  const time = 946_684_800_000_000_000n + 0xffff_ffff_ffffn;
  const link = stat('current', GoFileMode.symlink | 0o777, { size: 12, modTime: time, linkname: 'lib/data.txt', uid: 1000, gid: 1000 });
  const back = decodePacket(encodePacket({ type: PacketType.STAT, id: 0, stat: link }));
  assert.deepEqual(back.stat, link);
  assert.equal(isRegularFile(link.mode), false);
  assert.equal(isRegularFile(dir.mode), false);
  assert.equal(isRegularFile(0o755), true);
});

test('unknown fields are skipped; truncated bytes and unknown packet types are errors', () => {
  assert.deepEqual(decodePacket(Buffer.from('0801180778012a0100', 'hex')), { type: PacketType.REQ, id: 7 });
  assert.throws(() => decodePacket(Buffer.from('0801188', 'hex').subarray(0, 3)), GrpcError);
  assert.throws(() => decodePacket(Buffer.from('2205ab', 'hex')), GrpcError);
  assert.throws(() => decodePacket(Buffer.from('0809', 'hex')), GrpcError);
});

test('walk order is lexical per path component: a folder and its contents before a-b and a.txt', () => {
  assert.deepEqual(['a.txt', 'a/b', 'a-b', 'a', 'a/b/c', 'B'].sort(walkOrder), ['B', 'a', 'a/b', 'a/b/c', 'a-b', 'a.txt']);
});

test('modification times follow the blob id: same blob same time, another blob another time', () => {
  const a = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
  const b = 'ce013625030ba8dba906f756967f9e9ca394464a';
  assert.equal(modTimeForObject(a), modTimeForObject(a));
  assert.notEqual(modTimeForObject(a), modTimeForObject(b));
  assert.ok(modTimeForObject(a) >= 946_684_800_000_000_000n && modTimeForObject(a) < 946_684_800_000_000_000n + 2n ** 48n);
});

test('include patterns and follow paths take a path, its parents, and a matched folder’s whole subtree', () => {
  const entries = [
    stat('Dockerfile'),
    stat('docker', GoFileMode.dir | 0o755),
    stat('docker/Dockerfile'),
    stat('docker/other.txt'),
    stat('src', GoFileMode.dir | 0o755),
    stat('src/a.txt'),
    stat('src/deep', GoFileMode.dir | 0o755),
    stat('src/deep/b.go'),
  ];
  const paths = (includes: string[], excludes: string[] = []) => selectEntries(entries, { includes, excludes }).map((e) => e.path);
  assert.deepEqual(paths(['Dockerfile']), ['Dockerfile']);
  assert.deepEqual(paths(['docker/Dockerfile', 'docker/Dockerfile.dockerignore']), ['docker', 'docker/Dockerfile']);
  assert.deepEqual(paths(['./src/']), ['src', 'src/a.txt', 'src/deep', 'src/deep/b.go']);
  assert.deepEqual(paths(['src/*.txt']), ['src', 'src/a.txt']);
  assert.deepEqual(paths([], ['src/deep', 'docker/*.txt']), ['Dockerfile', 'docker', 'docker/Dockerfile', 'src', 'src/a.txt']);
  assert.deepEqual(paths([]), entries.map((e) => e.path));
  assert.equal(includedBy('[a-c]?c', 'abc/x'), true);
  assert.equal(includedBy('[^a]bc', 'abc'), false);
});

test('gRPC metadata keeps each header line as its own value', () => {
  const meta = metadataFrom([':path', '/x', 'dir-name', 'context', 'Exclude-Patterns', 'a,b', 'exclude-patterns', 'c']);
  assert.deepEqual(meta.get('dir-name'), ['context']);
  assert.deepEqual(meta.get('exclude-patterns'), ['a,b', 'c']);
  assert.equal(meta.has(':path'), false);
});
