import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataPacket, delimPacket, flushPacket, PktLineError, PktLineReader, readPackets, responseEndPacket } from '../../../src/main/core/git/pkt-line';
import { collectRefs, parseDiscovery, parseLsRefs, RemoteProtocolError } from '../../../src/main/core/git/ref-listing';

const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const c = 'c'.repeat(40);

test('data packets carry their length in four hex digits, header included; markers are 0000, 0001, 0002', () => {
  assert.equal(dataPacket('version 2\n').toString(), '000eversion 2\n');
  assert.equal(Buffer.concat([flushPacket, delimPacket, responseEndPacket]).toString(), '000000010002');
  assert.throws(() => dataPacket(Buffer.alloc(65517)), PktLineError);
  assert.equal(dataPacket(Buffer.alloc(65516)).length, 65520);
});

test('the reader gives back what the writer wrote, whatever the chunking', () => {
  const stream = Buffer.concat([dataPacket('command=ls-refs\n'), delimPacket, dataPacket('peel\n'), flushPacket, dataPacket(Buffer.from([0, 1, 2])), responseEndPacket]);
  const expected = readPackets(stream);
  assert.deepEqual(
    expected.map((p) => (p.type === 'data' ? p.payload.toString('latin1') : p.type)),
    ['command=ls-refs\n', 'delim', 'peel\n', 'flush', '\u0000\u0001\u0002', 'response-end'],
  );
  // Every split point, down to one byte at a time.
  for (const size of [1, 2, 3, 5, 7]) {
    const reader = new PktLineReader();
    const got = [];
    for (let at = 0; at < stream.length; at += size) got.push(...reader.push(stream.subarray(at, at + size)));
    reader.end();
    assert.deepEqual(got, expected, `chunks of ${size}`);
  }
});

test('a malformed length is a clear error naming the bytes and where they were', () => {
  assert.throws(() => readPackets(Buffer.from('0009peel\nzz12')), (e: unknown) => e instanceof PktLineError && /bad pkt-line length "zz12" at byte 9/.test(e.message));
  assert.throws(() => readPackets(Buffer.from('0003')), (e: unknown) => e instanceof PktLineError && /reserved pkt-line length 0003/.test(e.message));
  assert.throws(() => readPackets(Buffer.from('fff5')), (e: unknown) => e instanceof PktLineError && /65525 .* over the maximum/.test(e.message));
  // An HTML page where a git answer should be: the first four bytes are not a length.
  assert.throws(() => readPackets(Buffer.from('<html>')), (e: unknown) => e instanceof PktLineError && /"<htm"/.test(e.message));
  assert.throws(() => readPackets(Buffer.from('0010short')), (e: unknown) => e instanceof PktLineError && /ended inside a packet/.test(e.message));
});

test('a v0 advertisement gives heads and tags, capabilities cut off, a peeled tag standing for its commit', () => {
  const body = Buffer.concat([
    dataPacket('# service=git-upload-pack\n'),
    flushPacket,
    dataPacket(`${a} HEAD\0multi_ack symref=HEAD:refs/heads/main agent=git/2.39\n`),
    dataPacket(`${a} refs/heads/main\n`),
    dataPacket(`${c} refs/pull/1/head\n`),
    dataPacket(`${b} refs/tags/v1\n`),
    dataPacket(`${a} refs/tags/v1^{}\n`),
    dataPacket(`${c} refs/tags/light\n`),
    flushPacket,
  ]);
  const discovery = parseDiscovery(readPackets(body));
  assert.equal(discovery.version, 0);
  assert.deepEqual(
    [...collectRefs(discovery.version === 0 ? discovery.refs : [])],
    [['refs/heads/main', a], ['refs/tags/v1', a], ['refs/tags/light', c]],
  );
  // An empty repository advertises only its capabilities.
  const empty = parseDiscovery(readPackets(Buffer.concat([dataPacket(`${'0'.repeat(40)} capabilities^{}\0agent=git/2\n`), flushPacket])));
  assert.deepEqual(empty.version === 0 ? collectRefs(empty.refs).size : -1, 0);
  assert.throws(() => parseDiscovery(readPackets(dataPacket(`${a} refs/heads/main\n`))), /without a flush/);
});

test('a v2 discovery names its capabilities; ls-refs lines carry peeled ids as attributes', () => {
  const v2 = parseDiscovery(readPackets(Buffer.concat([dataPacket('version 2\n'), dataPacket('agent=git/2.39\n'), dataPacket('ls-refs=unborn\n'), dataPacket('object-format=sha1\n'), flushPacket])));
  assert.deepEqual(v2, { version: 2, lsRefs: true, objectFormat: null });
  const listing = parseLsRefs(readPackets(Buffer.concat([
    dataPacket(`${a} refs/heads/main\n`),
    dataPacket(`${b} refs/tags/v1 peeled:${a}\n`),
    dataPacket(`${c} refs/heads/sym symref-target:refs/heads/main\n`),
    flushPacket,
  ])));
  assert.deepEqual(listing, [
    { id: a, name: 'refs/heads/main' },
    { id: b, name: 'refs/tags/v1' },
    { id: a, name: 'refs/tags/v1^{}' },
    { id: c, name: 'refs/heads/sym' },
  ]);
  assert.throws(() => parseLsRefs(readPackets(Buffer.concat([dataPacket('ERR upload-pack: not our ref\n'), flushPacket]))), (e: unknown) => e instanceof RemoteProtocolError && e.serverMessage === 'upload-pack: not our ref');
  assert.throws(() => parseLsRefs(readPackets(dataPacket(`${a} refs/heads/main\n`))), /without a flush/);
  assert.throws(() => parseLsRefs(readPackets(Buffer.concat([dataPacket('nonsense refs/heads/main\n'), flushPacket]))), PktLineError);
});
