import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { Ajv } from 'ajv';
import { startGitHubEmulator, type GitHubEmulator } from '../../support/providers/github';

/**
 * The GitHub emulator's answers checked at run time against GitHub's own published OpenAPI
 * description (npm @octokit/openapi, dereferenced): every field GitHub documents as required is
 * there with the documented type, so the emulator cannot drift from api.github.com unnoticed.
 */
interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
const require = createRequire(import.meta.url);
let spec: { paths: Record<string, Record<string, Operation>> };
let github: GitHubEmulator;
const token = 'gho_openapi_check_token';

before(async () => {
  spec = JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8')) as typeof spec;
  github = await startGitHubEmulator({ clientId: 'Iv1.openapi', clientSecret: 'openapi-secret' });
  github.tokens.set(token, { login: 'octocat', scopes: 'repo,admin:repo_hook,read:org' });
});
after(async () => {
  await github?.close();
});

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

const cases: { method: 'GET' | 'POST'; path: string; specPath: string; status: number; body?: unknown }[] = [
  { method: 'GET', path: '/user', specPath: '/user', status: 200 },
  { method: 'GET', path: '/user/orgs', specPath: '/user/orgs', status: 200 },
  { method: 'GET', path: '/user/repos?per_page=5', specPath: '/user/repos', status: 200 },
  { method: 'GET', path: '/orgs/acme/repos', specPath: '/orgs/{org}/repos', status: 200 },
  { method: 'GET', path: '/search/repositories?q=web+org:acme', specPath: '/search/repositories', status: 200 },
  { method: 'GET', path: '/repos/acme/web-app/branches', specPath: '/repos/{owner}/{repo}/branches', status: 200 },
  { method: 'GET', path: '/repos/acme/web-app/tags', specPath: '/repos/{owner}/{repo}/tags', status: 200 },
  { method: 'GET', path: '/repos/acme/web-app/git/matching-refs/heads/', specPath: '/repos/{owner}/{repo}/git/matching-refs/{ref}', status: 200 },
  {
    method: 'POST',
    path: '/repos/acme/web-app/hooks',
    specPath: '/repos/{owner}/{repo}/hooks',
    status: 201,
    body: { name: 'web', active: true, events: ['push'], config: { url: 'http://127.0.0.1:1/hooks/x', content_type: 'json', secret: 'hook-secret' } },
  },
];

for (const c of cases) {
  test(`GitHub emulator: ${c.method} ${c.specPath} matches GitHub's OpenAPI response schema`, async () => {
    const operation = spec.paths[c.specPath]?.[c.method.toLowerCase()];
    assert.ok(operation, `${c.method} ${c.specPath} is in GitHub's description`);
    const schema = operation.responses[String(c.status)]?.content?.['application/json']?.schema;
    assert.ok(schema, `GitHub documents a JSON ${c.status} answer`);
    const res = await fetch(`${github.url}/api/v3${c.path}`, {
      method: c.method,
      headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', ...(c.body ? { 'content-type': 'application/json' } : {}) },
      ...(c.body ? { body: JSON.stringify(c.body) } : {}),
    });
    assert.equal(res.status, c.status);
    const body: unknown = await res.json();
    const validate = ajv.compile(schema);
    assert.ok(validate(body), `${c.specPath}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  });
}

test('the check can fail: a body missing a required field is refused', () => {
  const schema = spec.paths['/user']?.get?.responses['200']?.content?.['application/json']?.schema;
  assert.ok(schema);
  assert.equal(ajv.validate(schema, { login: 'octocat' }), false);
});
