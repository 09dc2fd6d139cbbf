import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { AppError } from '../../../src/shared/errors';
import { phrase } from '../../../src/shared/i18n/phrase';
import { startLoopback } from '../../../src/main/core/sources/oauth-loopback';
import { createPkce, s256 } from '../../../src/main/core/sources/pkce';

test('PKCE: a 43-character verifier and its S256 challenge (RFC 7636 appendix B example)', () => {
  assert.equal(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  const { verifier, challenge } = createPkce();
  assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(challenge, s256(verifier));
});

test('the listener answers only /callback on 127.0.0.1, and gives up after its timeout', async () => {
  // Long enough for the first request to finish on a loaded 2-core machine (300 ms was not: the
  // listener closed under the favicon request now and then), short enough to wait out.
  const listener = await startLoopback({ state: 's', port: 0, timeoutMs: 2000, onCode: () => Promise.resolve('done') });
  const redirect = new URL(listener.redirectUri);
  assert.equal(redirect.hostname, '127.0.0.1');
  assert.equal(redirect.pathname, '/callback');
  const other = await fetch(`${redirect.origin}/favicon.ico`);
  assert.equal(other.status, 404);
  assert.deepEqual(await listener.outcome, { kind: 'expired' });
  await assert.rejects(fetch(listener.redirectUri), 'closed after the timeout');
});

test('the landing page says what happened and to return to Slipway; a failed exchange is reported', async () => {
  const listener = await startLoopback({
    state: 'right',
    port: 0,
    timeoutMs: 5000,
    onCode: () => Promise.reject(new AppError('unauthorized', 'GitHub refused the sign-in code.', 'Try again.')),
  });
  const res = await fetch(`${listener.redirectUri}?code=c&state=right`);
  assert.equal(res.status, 502);
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer', 'the code in the address is not leaked to other sites');
  assert.match(await res.text(), /GitHub refused the sign-in code\. You can return to Slipway\./);
  const outcome = await listener.outcome;
  assert.equal(outcome.kind, 'failed');
  assert.equal(outcome.kind === 'failed' && outcome.error.code, 'unauthorized');
});

test('the landing page speaks the browser’s language when the preference follows the system', async () => {
  const listener = await startLoopback({
    state: 'right',
    port: 0,
    timeoutMs: 5000,
    onCode: () => Promise.resolve(phrase('sources.outcome.bound', { provider: 'GitHub', login: 'octocat' })),
  });
  const chinese = { 'accept-language': 'zh-CN,zh;q=0.9' };
  const forgedZh = await fetch(`${listener.redirectUri}?code=c&state=forged`, { headers: chinese });
  const forgedZhText = await forgedZh.text();
  assert.match(forgedZhText, /<html lang="zh-CN">/);
  assert.match(forgedZhText, /<h1>登录被拒绝<\/h1>/);
  assert.match(forgedZhText, /此响应不属于 Slipway 发起的登录/);
  const forgedEn = await (await fetch(`${listener.redirectUri}?code=c&state=forged`, { headers: { 'accept-language': 'en' } })).text();
  assert.match(forgedEn, /<html lang="en">/);
  assert.match(forgedEn, /<h1>Sign-in refused<\/h1>/);
  assert.match(forgedEn, /does not belong to the sign-in Slipway started, so it was ignored\. You can return to Slipway\./);
  const done = await (await fetch(`${listener.redirectUri}?code=c&state=right`, { headers: chinese })).text();
  assert.match(done, /<title>登录成功 · Slipway<\/title>/);
  assert.match(done, /已绑定 GitHub 账号 octocat。现在可以回到 Slipway 了。/);
  const outcome = await listener.outcome;
  assert.equal(outcome.kind, 'done');
});

test('a language chosen in Settings wins over the browser’s, for the landing page too', async () => {
  let language: 'en' | 'zh-CN' | 'system' = 'en';
  const listener = await startLoopback({ state: 'right', port: 0, timeoutMs: 5000, onCode: () => Promise.resolve('ok'), language: () => language });
  const english = await (await fetch(`${listener.redirectUri}?state=forged`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } })).text();
  assert.match(english, /<html lang="en">[\s\S]*Sign-in refused/);
  // Read on each request, so a change in Settings applies to a flow already waiting.
  language = 'zh-CN';
  const chinese = await (await fetch(`${listener.redirectUri}?state=forged`, { headers: { 'accept-language': 'en' } })).text();
  assert.match(chinese, /<html lang="zh-CN">[\s\S]*登录被拒绝/);
  listener.cancel();
  await listener.outcome;
});

test('a fixed port that is taken is a clear conflict', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    await assert.rejects(startLoopback({ state: 's', port, timeoutMs: 1000, onCode: () => Promise.resolve('') }), (error: AppError) => {
      assert.equal(error.code, 'conflict');
      assert.match(error.message, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use`));
      return true;
    });
  } finally {
    blocker.close();
  }
});

test('cancel closes the listener', async () => {
  const listener = await startLoopback({ state: 's', port: 0, timeoutMs: 5000, onCode: () => Promise.resolve('') });
  listener.cancel();
  assert.deepEqual(await listener.outcome, { kind: 'canceled' });
  await assert.rejects(fetch(listener.redirectUri));
});
