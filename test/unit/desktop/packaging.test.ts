import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { releaseRepository } from '../../../src/shared/desktop/release';

const root = join(import.meta.dirname, '../../..');
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

test('electron-builder.yml validates against electron-builder’s own schema', () => {
  const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  const ok = validate(config);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  // The schema must be able to say no, or this test proves nothing.
  assert.equal(validate({ ...config, mac: { target: 'dmg', notarize: 'yes please' } }), false);
  assert.equal(validate({ ...config, unknownOption: true }), false);
});

test('every installer the issue asks for, on the architectures it names', () => {
  type Target = { target: string; arch: string[] };
  const targets = (platform: string) => ((config[platform] as { target: Target[] }).target).map((t) => `${t.target}:${t.arch.join('+')}`);
  assert.deepEqual(targets('mac'), ['dmg:x64+arm64', 'zip:x64+arm64']);
  assert.deepEqual(targets('win'), ['nsis:x64']);
  assert.deepEqual(targets('linux'), ['AppImage:x64', 'deb:x64', 'rpm:x64']);
});

test('releases publish to the GitHub repository the updater reads by default, with a feed per channel', () => {
  assert.deepEqual(config.publish, [{ provider: 'github', ...releaseRepository, releaseType: 'release' }]);
  assert.equal(config.generateUpdatesFilesForAllChannels, true);
  assert.equal(config.afterSign, 'scripts/after-sign.mjs');
});

test('icons come from build/icons, which npm run icons makes from the SVG', () => {
  assert.equal((config.mac as { icon: string }).icon, 'build/icons/icon.icns');
  assert.equal((config.win as { icon: string }).icon, 'build/icons/icon.ico');
  assert.equal((config.linux as { icon: string }).icon, 'build/icons/png');
  assert.deepEqual(config.extraResources, [{ from: 'build/icons/tray', to: 'icons', filter: ['*.png'] }]);
});
