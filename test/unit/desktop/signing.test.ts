import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notarizationPlan, signingLine } from '../../../scripts/signing.mjs';

const secret = 'abcd-efgh-ijkl-mnop';

test('without Apple credentials notarization is skipped with a line naming what to set', () => {
  const plan = notarizationPlan({});
  assert.equal(plan.notarize, false);
  if (!plan.notarize) assert.match(plan.line, /^macOS notarization skipped: set APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID/);
  assert.equal(notarizationPlan({ APPLE_ID: 'ada@example.com', APPLE_APP_SPECIFIC_PASSWORD: secret, APPLE_TEAM_ID: '  ' }).notarize, false, 'a blank secret (a fork without secrets) is absent');
});

test('a complete set notarizes, the API key preferred', () => {
  const byId = notarizationPlan({ APPLE_ID: 'ada@example.com', APPLE_APP_SPECIFIC_PASSWORD: secret, APPLE_TEAM_ID: 'TEAM123' });
  assert.deepEqual(byId, { notarize: true, via: 'Apple ID', options: { appleId: 'ada@example.com', appleIdPassword: secret, teamId: 'TEAM123' } });
  const both = notarizationPlan({ APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: secret, APPLE_TEAM_ID: 't', APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I' });
  assert.equal(both.notarize && both.via, 'App Store Connect API key');
});

test('signing lines say signed or skipped per platform and never print a secret', () => {
  const env = { CSC_LINK: secret, CSC_KEY_PASSWORD: secret };
  for (const platform of ['darwin', 'win32', 'linux']) assert.ok(!signingLine(platform, env).includes(secret));
  assert.match(signingLine('darwin', {}), /^macOS code signing skipped: CSC_LINK is not set/);
  assert.match(signingLine('darwin', env), /^macOS code signing: with the certificate/);
  assert.match(signingLine('win32', {}), /^Windows code signing skipped/);
  assert.match(signingLine('win32', { WIN_CSC_LINK: secret }), /^Windows code signing: /);
});
