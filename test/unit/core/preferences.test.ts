import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { createConfPreferences } from '../../../src/main/core/settings/conf-preferences';
import { defaultPreferences } from '../../../src/shared/models/settings';
import { AppError } from '../../../src/shared/errors';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { tempDir } from '../../support/temp';

test('defaults first, then what was saved, across instances', () => {
  const dir = tempDir();
  const prefs = createConfPreferences(dir);
  assert.deepEqual(prefs.get(), defaultPreferences);
  prefs.update({ concurrentBuilds: 5 });
  const again = createConfPreferences(dir);
  assert.equal(again.get().concurrentBuilds, 5);
  assert.equal(JSON.parse(readFileSync(again.path, 'utf8')).concurrentBuilds, 5);
});

test('an invalid value is refused and nothing is lost', () => {
  const prefs = createConfPreferences(tempDir());
  prefs.update({ concurrentBuilds: 3 });
  assert.throws(() => prefs.update({ concurrentBuilds: 0 }), (e: unknown) => e instanceof AppError && e.code === 'invalid_input');
  assert.equal(prefs.get().concurrentBuilds, 3);
});

test('a refused feed address says why in English for the API and as a phrase the window words in Chinese', () => {
  const prefs = createConfPreferences(tempDir());
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
  const prefs = createConfPreferences(dir);
  prefs.update({ theme: 'dark' });
  writeFileSync(prefs.path, JSON.stringify({ concurrentBuilds: 'many', theme: 'dark', futureKey: 1 }));
  assert.deepEqual(createConfPreferences(dir).get(), { ...defaultPreferences, theme: 'dark' });
});
