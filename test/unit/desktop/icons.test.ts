import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeIcons, pngSizes, traySize } from '../../../scripts/icons';
import { tempDir } from '../../support/temp';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(data: Buffer): { width: number; height: number } {
  assert.ok(data.subarray(0, 8).equals(pngSignature), 'PNG signature');
  assert.equal(data.toString('latin1', 12, 16), 'IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

const set = makeIcons(join(import.meta.dirname, '../../../assets/icon.svg'), tempDir());

test('every PNG size is rendered from the SVG at its size', () => {
  assert.equal(set.pngs.length, pngSizes.length);
  for (const size of pngSizes) {
    const data = readFileSync(join(set.dir, 'png', `${size}x${size}.png`));
    assert.deepEqual(pngSize(data), { width: size, height: size });
  }
  // A blank render would compress to a few hundred bytes.
  assert.ok(readFileSync(join(set.dir, 'png', '1024x1024.png')).length > 5000);
});

test('.icns: Apple’s container, with the 512@2x (1024) and the small sizes macOS asks for', () => {
  const data = readFileSync(set.icns);
  assert.equal(data.toString('latin1', 0, 4), 'icns');
  assert.equal(data.readUInt32BE(4), data.length, 'the header carries the file length');
  const types: string[] = [];
  for (let at = 8; at + 8 <= data.length; ) {
    const length = data.readUInt32BE(at + 4);
    assert.ok(length >= 8, `entry at ${at} has a length`);
    types.push(data.toString('latin1', at, at + 4));
    at += length;
  }
  for (const wanted of ['ic10', 'ic09', 'ic08', 'ic07']) assert.ok(types.includes(wanted), `${wanted} in ${types.join(',')}`);
});

test('.ico: a Windows icon directory holding 256, 48, 32 and 16 pixel images', () => {
  const data = readFileSync(set.ico);
  assert.equal(data.readUInt16LE(0), 0);
  assert.equal(data.readUInt16LE(2), 1, 'type 1 is an icon');
  const count = data.readUInt16LE(4);
  const sizes = new Set<number>();
  for (let i = 0; i < count; i++) {
    const entry = 6 + i * 16;
    const width = data.readUInt8(entry) || 256;
    const offset = data.readUInt32LE(entry + 12);
    const bytes = data.readUInt32LE(entry + 8);
    assert.ok(offset + bytes <= data.length, `image ${i} lies inside the file`);
    sizes.add(width);
  }
  for (const wanted of [256, 48, 32, 16]) assert.ok(sizes.has(wanted), `${wanted} in ${[...sizes].join(',')}`);
});

test('tray images for idle, building and failed, at 1x and 2x, differ from each other', () => {
  const read = (name: string) => readFileSync(join(set.dir, 'tray', name));
  for (const state of ['idle', 'building', 'failed']) {
    assert.deepEqual(pngSize(read(`tray-${state}.png`)), { width: traySize, height: traySize });
    assert.deepEqual(pngSize(read(`tray-${state}@2x.png`)), { width: traySize * 2, height: traySize * 2 });
  }
  assert.ok(!read('tray-idle@2x.png').equals(read('tray-building@2x.png')));
  assert.ok(!read('tray-building@2x.png').equals(read('tray-failed@2x.png')));
});
