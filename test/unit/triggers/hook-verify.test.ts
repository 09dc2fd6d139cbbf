import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { detectProvider, isPushEvent, pushChanges, verifyHook } from '../../../src/main/core/triggers/hook-verify';

const secret = 'a-long-hook-secret-for-tests';
const body = Buffer.from('{"ref":"refs/heads/main"}');
const hex = (key: string) => createHmac('sha256', key).update(body).digest('hex');

test('GitHub and Bitbucket: HMAC-SHA256 of the raw body', () => {
  assert.equal(verifyHook('github', { 'x-hub-signature-256': `sha256=${hex(secret)}` }, body, secret).ok, true);
  assert.equal(verifyHook('github', { 'x-hub-signature-256': `sha256=${hex('other')}` }, body, secret).ok, false);
  assert.equal(verifyHook('github', { 'x-hub-signature': `sha1=abc` }, body, secret).ok, false, 'the SHA-1 header alone is not enough');
  assert.equal(verifyHook('github', { 'x-hub-signature-256': `sha256=${hex(secret)}` }, Buffer.from('{"ref":"refs/heads/evil"}'), secret).ok, false);
  assert.equal(verifyHook('bitbucket', { 'x-hub-signature': `sha256=${hex(secret)}` }, body, secret).ok, true);
  assert.equal(verifyHook('bitbucket', { 'x-hub-signature': `sha256=${hex('x')}` }, body, secret).ok, false);
});

test('GitLab: the secret token itself', () => {
  assert.equal(verifyHook('gitlab', { 'x-gitlab-token': secret }, body, secret).ok, true);
  const wrong = verifyHook('gitlab', { 'x-gitlab-token': `${secret}x` }, body, secret);
  assert.deepEqual(wrong, { ok: false, reason: 'the secret token does not match' });
  assert.equal(verifyHook('gitlab', {}, body, secret).ok, false);
});

test('Gitee: a password, or a signature of timestamp and key within an hour', () => {
  const now = 1_760_000_000_000;
  assert.equal(verifyHook('gitee', { 'x-gitee-token': secret }, body, secret, now).ok, true);
  const signed = (ts: number) => createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
  assert.equal(verifyHook('gitee', { 'x-gitee-token': signed(now - 1000), 'x-gitee-timestamp': String(now - 1000) }, body, secret, now).ok, true);
  assert.equal(verifyHook('gitee', { 'x-gitee-token': encodeURIComponent(signed(now)), 'x-gitee-timestamp': String(now) }, body, secret, now).ok, true, 'URL-encoded as the docs show');
  const stale = verifyHook('gitee', { 'x-gitee-token': signed(now - 7_200_000), 'x-gitee-timestamp': String(now - 7_200_000) }, body, secret, now);
  assert.equal(stale.ok, false);
  assert.match(stale.ok ? '' : stale.reason, /more than an hour/);
  assert.equal(verifyHook('gitee', { 'x-gitee-token': signed(now), 'x-gitee-timestamp': String(now + 1) }, body, secret, now).ok, false);
});

test('providers and push events are told apart by their documented headers', () => {
  assert.equal(detectProvider({ 'x-github-event': 'push' }), 'github');
  assert.equal(detectProvider({ 'x-gitlab-event': 'Push Hook' }), 'gitlab');
  assert.equal(detectProvider({ 'x-gitee-event': 'Tag Push Hook' }), 'gitee');
  assert.equal(detectProvider({ 'x-event-key': 'repo:push' }), 'bitbucket');
  assert.equal(detectProvider({}), null);
  assert.equal(isPushEvent('github', { 'x-github-event': 'ping' }), false);
  assert.equal(isPushEvent('gitlab', { 'x-gitlab-event': 'Tag Push Hook' }), true);
  assert.equal(isPushEvent('gitlab', { 'x-gitlab-event': 'Merge Request Hook' }), false);
});

test('push payloads become ref changes; zero ids mean created or deleted', () => {
  const zero = '0'.repeat(40);
  const a = 'a'.repeat(40);
  const b = 'b'.repeat(40);
  assert.deepEqual(pushChanges('github', { ref: 'refs/tags/simple-tag', before: a, after: zero }), [{ kind: 'tag', name: 'simple-tag', before: a, after: null }]);
  assert.deepEqual(pushChanges('gitlab', { object_kind: 'push', ref: 'refs/heads/feature/x', before: zero, after: b }), [{ kind: 'branch', name: 'feature/x', before: null, after: b }]);
  assert.deepEqual(pushChanges('gitee', { ref: 'refs/heads/main', before: a, after: b }), [{ kind: 'branch', name: 'main', before: a, after: b }]);
  assert.deepEqual(pushChanges('github', { ref: 'refs/pull/1/head', before: a, after: b }), []);
  // An annotated tag: the tag object in `after`, the commit beside it.
  assert.deepEqual(pushChanges('github', { ref: 'refs/tags/v2', before: zero, after: a, head_commit: { id: b } }), [{ kind: 'tag', name: 'v2', before: null, after: b }]);
  assert.deepEqual(pushChanges('gitlab', { object_kind: 'tag_push', ref: 'refs/tags/v2', before: zero, after: a, checkout_sha: b }), [{ kind: 'tag', name: 'v2', before: null, after: b }]);
  assert.deepEqual(
    pushChanges('bitbucket', {
      push: {
        changes: [
          { old: { type: 'branch', name: 'main', target: { hash: a } }, new: { type: 'branch', name: 'main', target: { hash: b } } },
          { old: { type: 'branch', name: 'gone', target: { hash: a } }, new: null },
          { old: null, new: { type: 'tag', name: 'v1', target: { hash: b } } },
        ],
      },
    }),
    [
      { kind: 'branch', name: 'main', before: a, after: b },
      { kind: 'branch', name: 'gone', before: a, after: null },
      { kind: 'tag', name: 'v1', before: null, after: b },
    ],
  );
  assert.deepEqual(pushChanges('bitbucket', { changes: [{ ref: { id: 'refs/heads/dev' }, fromHash: zero, toHash: a }] }), [{ kind: 'branch', name: 'dev', before: null, after: a }]);
});
