import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createFilePreferences } from '../../../src/main/core/settings/file-preferences';
import { defaultPreferences } from '../../../src/shared/models/settings';
import { AppError } from '../../../src/shared/errors';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { tempDir } from '../../support/temp';

test('defaults first, then what was saved, across instances', () => {
  const dir = tempDir();
  const prefs = createFilePreferences(dir);
  assert.deepEqual(prefs.get(), defaultPreferences);
  prefs.update({ concurrentBuilds: 5 });
  const again = createFilePreferences(dir);
  assert.equal(again.get().concurrentBuilds, 5);
  assert.equal(JSON.parse(readFileSync(again.path, 'utf8')).concurrentBuilds, 5);
});

test('an invalid value is refused and nothing is lost', () => {
  const prefs = createFilePreferences(tempDir());
  prefs.update({ concurrentBuilds: 3 });
  assert.throws(() => prefs.update({ concurrentBuilds: 0 }), (e: unknown) => e instanceof AppError && e.code === 'invalid_input');
  assert.equal(prefs.get().concurrentBuilds, 3);
});

test('a refused feed address says why in English for the API and as a phrase the window words in Chinese', () => {
  const prefs = createFilePreferences(tempDir());
  const refusal = (() => {
    try {
      prefs.update({ updateFeedUrl: 'http://updates.example.test/slipway' });
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  assert.ok(refusal instanceof AppError && refusal.phrase);
  assert.equal(refusal.message, 'Updates are only fetched over https.');
  assert.equal(createTranslator('zh-CN').word(refusal.phrase), '更新只通过 https 获取。');
  assert.equal(prefs.get().updateFeedUrl, '');
});

test('a hand-edited file with one bad value keeps the good ones', () => {
  const dir = tempDir();
  const prefs = createFilePreferences(dir);
  prefs.update({ theme: 'dark' });
  writeFileSync(prefs.path, JSON.stringify({ concurrentBuilds: 'many', theme: 'dark', futureKey: 1 }));
  assert.deepEqual(createFilePreferences(dir).get(), { ...defaultPreferences, theme: 'dark' });
});

test('the file is JSON electron-store and conf can read, written whole: no temporary file stays behind', () => {
  const dir = tempDir();
  const prefs = createFilePreferences(dir);
  prefs.update({ theme: 'light', concurrentBuilds: 4 });
  prefs.update({ theme: 'dark' });
  assert.deepEqual(readdirSync(dir), ['preferences.json']);
  const text = readFileSync(prefs.path, 'utf8');
  assert.match(text, /^\{\n\t"/, 'tab-indented, as conf writes it');
  assert.equal(JSON.parse(text).theme, 'dark');
  assert.equal(JSON.parse(text).concurrentBuilds, 4);
});

test('a file conf wrote before is read as it is', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'preferences.json'), JSON.stringify({ theme: 'dark', watchIntervalSeconds: 120 }, undefined, '\t'));
  assert.deepEqual(createFilePreferences(dir).get(), { ...defaultPreferences, theme: 'dark', watchIntervalSeconds: 120 });
});

test('a file that is not JSON reads as the defaults, and the next save keeps it aside instead of writing over it', () => {
  const dir = tempDir();
  const broken = '{ "theme": "dark", oops';
  writeFileSync(join(dir, 'preferences.json'), broken);
  const prefs = createFilePreferences(dir);
  assert.deepEqual(prefs.get(), defaultPreferences);
  assert.equal(readFileSync(join(dir, 'preferences.json'), 'utf8'), broken, 'reading changes nothing');
  prefs.update({ concurrentBuilds: 6 });
  assert.equal(readFileSync(join(dir, 'preferences.json.unreadable'), 'utf8'), broken);
  assert.equal(createFilePreferences(dir).get().concurrentBuilds, 6);
});
