import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppError } from '../../../src/shared/errors';
import { githubSite } from '../../../src/main/core/sources/github';
import { gitlabSite } from '../../../src/main/core/sources/gitlab';
import { bitbucketSite } from '../../../src/main/core/sources/bitbucket';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { fieldProblem } from '../../../src/renderer/src/api/problem';

test('GitLab: the instance (any port, http or https, a relative root) is taken; repository and group URLs are refused', () => {
  assert.deepEqual(gitlabSite('https://gitlab.com'), { provider: 'gitlab', baseUrl: 'https://gitlab.com', apiUrl: 'https://gitlab.com/api/v4' });
  assert.equal(gitlabSite('http://10.0.0.5:8080/').apiUrl, 'http://10.0.0.5:8080/api/v4');
  assert.equal(gitlabSite('https://git.example.com/gitlab').apiUrl, 'https://git.example.com/gitlab/api/v4');
  for (const url of ['https://gitlab.com/acme', 'https://git.example.com/group/project', 'https://git.example.com/a/b/c', 'https://git.example.com/app.git', 'https://git.example.com/x/-/tree/main']) {
    assert.throws(
      () => gitlabSite(url),
      (e: AppError) => e.code === 'invalid_input' && /repository or group address/.test(e.message) && /Enter only the instance/.test(e.hint ?? ''),
      url,
    );
  }
  assert.throws(() => gitlabSite('gitlab.example.com'), /Enter the GitLab address/);
});

test('GitHub: github.com uses api.github.com; an Enterprise Server its /api/v3', () => {
  assert.deepEqual(githubSite(undefined, {}), { provider: 'github', baseUrl: 'https://github.com', apiUrl: 'https://api.github.com' });
  assert.deepEqual(githubSite('https://ghe.example.com/', {}), { provider: 'github', baseUrl: 'https://ghe.example.com', apiUrl: 'https://ghe.example.com/api/v3' });
});

test('Bitbucket: api.bitbucket.org for bitbucket.org; /!api/2.0 elsewhere', () => {
  assert.equal(bitbucketSite({}).apiUrl, 'https://api.bitbucket.org/2.0');
  assert.equal(bitbucketSite({ SLIPWAY_BITBUCKET_URL: 'http://127.0.0.1:9' }).apiUrl, 'http://127.0.0.1:9/!api/2.0');
});

test('a refused GitLab address is a refusal of the url field, worded in the reader’s language', () => {
  const chinese = createTranslator('zh-CN');
  assert.throws(
    () => gitlabSite('https://git.example.com/group/project'),
    (e: AppError) => {
      assert.equal(e.message, 'url: https://git.example.com/group/project looks like a repository or group address, not the GitLab instance.');
      const field = e.phrase ? fieldProblem({ message: e.phrase }) : undefined;
      assert.equal(field?.field, 'url', 'the form shows it beside the address field');
      assert.equal(chinese.word(field?.detail ?? ''), 'https://git.example.com/group/project 看起来是代码仓库或群组的地址，而不是 GitLab 实例。');
      assert.equal(chinese.word(e.hintPhrase ?? ''), '只需输入实例地址，例如 https://git.example.com；绑定后再选择代码仓库。');
      return true;
    },
  );
});
