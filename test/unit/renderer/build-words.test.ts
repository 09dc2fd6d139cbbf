import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEndedPhrase, buildRefPhrase } from '../../../src/renderer/src/features/builds/build-words';
import { createTranslator } from '../../../src/shared/i18n/translate';

// A browser notification is plain text outside the page: it is worded from these phrases.
const build = { number: 12, status: 'failed' as const, ref: { kind: 'branch' as const, name: 'main' }, commit: 'abcdef0123456789' };

test('a finished build’s notification reads as one sentence in each language', () => {
  const en = createTranslator('en');
  const zh = createTranslator('zh-CN');
  assert.equal(en.word(buildEndedPhrase(build)), 'Build #12 failed');
  assert.equal(en.word(buildRefPhrase(build)), 'branch main at abcdef0');
  assert.equal(zh.word(buildEndedPhrase(build)), '构建 #12 失败');
  assert.equal(zh.word(buildEndedPhrase({ number: 3, status: 'interrupted' })), '构建 #3 已中断');
  assert.equal(zh.word(buildRefPhrase({ ...build, ref: { kind: 'tag', name: 'v1.0' } })), 'Tag v1.0，提交 abcdef0');
});
