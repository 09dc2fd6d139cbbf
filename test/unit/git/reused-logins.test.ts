import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GitAuth } from '../../../src/main/core/git/auth';
import { ReusedLogins } from '../../../src/main/core/git/reused-logins';
import { AppError } from '../../../src/shared/errors';

const login = (password: string): GitAuth => ({ credential: { username: 'oauth2', password }, caCertPem: null });

test('a code source is asked for its login once per reuse window, not once per listing', async () => {
  let asked = 0;
  let now = 0;
  const logins = new ReusedLogins(async () => (asked++, login('tok-1')), 60_000, () => now);
  for (let i = 0; i < 5; i++) assert.equal(await logins.use('src', async (auth) => auth.credential?.password), 'tok-1');
  assert.equal(asked, 1);
  now = 60_001;
  await logins.use('src', async () => undefined);
  assert.equal(asked, 2, 'asked again once the window passed');
});

test('a refused reused login is replaced by the fresh one and the listing tried once more; the same login refused stays refused', async () => {
  let token = 'tok-old';
  let asked = 0;
  const logins = new ReusedLogins(async () => (asked++, login(token)));
  const refused = new AppError('unauthorized', 'refused');
  const host = async (auth: GitAuth) => {
    if (auth.credential?.password !== 'tok-new') throw refused;
    return 'listed';
  };
  await assert.rejects(logins.use('src', host), refused);
  token = 'tok-new';
  assert.equal(await logins.use('src', host), 'listed');
  assert.equal(asked, 2);
  token = 'tok-newer';
  const alwaysRefused = async () => Promise.reject(refused);
  await assert.rejects(logins.use('src', alwaysRefused), refused);
  assert.equal(asked, 3, 'one fresh look, no loop');
  await assert.rejects(logins.use('src', alwaysRefused), refused);
  assert.equal(asked, 4, 'still one fresh look per refusal');
});

test('forgetAll (a code source bound, unbound or refreshed) makes the next listing ask for the login again', async () => {
  let token: string | null = 'tok-bound';
  const logins = new ReusedLogins(async () => (token ? login(token) : { credential: null, caCertPem: null }));
  assert.equal(await logins.use('src', async (auth) => auth.credential?.password), 'tok-bound');
  token = null;
  assert.equal(await logins.use('src', async (auth) => auth.credential?.password), 'tok-bound', 'reused within the window');
  logins.forgetAll();
  assert.equal(await logins.use('src', async (auth) => auth.credential?.password ?? 'anonymous'), 'anonymous');
});
