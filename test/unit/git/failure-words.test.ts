import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitFailure } from '../../../src/main/core/git/auth';
import { phrase } from '../../../src/shared/i18n/phrase';
import { createTranslator } from '../../../src/shared/i18n/translate';

const refused = Object.assign(new Error('git fetch failed'), { stderr: 'remote: denied\nfatal: Authentication failed for https://git.example.com/acme/app.git/\n' });

test('a git refusal keeps its English and words itself, action included, in the reader’s language', () => {
  const error = gitFailure(refused, {
    url: 'https://git.example.com/acme/app.git',
    credential: { username: 'oauth2', password: 'secret-token' },
    action: phrase('sources.git.action.fetchRef', { kind: 'branch', name: 'main' }),
  });
  assert.equal(error.code, 'unauthorized');
  assert.equal(error.message, 'git.example.com refused the bound account’s token (HTTP 401) while trying to fetch branch main.');
  const chinese = createTranslator('zh-CN');
  assert.equal(chinese.word(error.phrase ?? ''), 'git.example.com 在尝试拉取分支 main时拒绝了已绑定账号的令牌（HTTP 401）。');
  assert.match(chinese.word(error.hintPhrase ?? ''), /请在“代码源”中重新连接该账号/);
});

test('git’s own last line is passed on as git printed it, inside the worded sentence', () => {
  const error = gitFailure(Object.assign(new Error('x'), { stderr: 'fatal: something odd happened\n' }), { url: 'https://git.example.com/a.git', credential: null, action: phrase('sources.git.action.fetchAll') });
  assert.equal(error.message, 'git could not fetch branches and tags: something odd happened');
  assert.equal(createTranslator('zh-CN').word(error.phrase ?? ''), 'git 无法拉取分支和 Tag：something odd happened');
});
