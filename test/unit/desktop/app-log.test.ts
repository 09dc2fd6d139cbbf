import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppLog } from '../../../src/main/core/desktop/app-log';
import { redact } from '../../../src/main/core/desktop/redact';
import { tempDir } from '../../support/temp';

const secrets = {
  github: 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  gitlab: 'glpat-' + 'xY7_zQ2-wV9uT4sR1pO3',
  password: 'hunter2-Correct-Horse',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl',
};

const leaky = [
  `push failed for https://ada:${secrets.password}@registry.example.com/v2/`,
  `GET /v2/ -> 401 with Authorization: Bearer ${secrets.bearer}`,
  `git clone https://oauth2:${secrets.gitlab}@gitlab.example.com/team/app.git failed`,
  `token check: ${secrets.github} expired`,
  `config {"password": "${secrets.password}", "username": "ada"}`,
  `webhook secret=${secrets.password}&url=https://hooks.example.com`,
];

test('no secret survives redaction, and the rest of the line does', () => {
  for (const line of leaky) {
    const out = redact(line);
    for (const value of Object.values(secrets)) assert.ok(!out.includes(value), `${value} leaked in: ${out}`);
    assert.match(out, /\[redacted/);
  }
  assert.equal(redact('build #4 succeeded: v1-abc'), 'build #4 succeeded: v1-abc');
  assert.equal(redact('https://ada:pw12345@host/x'), 'https://ada:[redacted]@host/x');
  assert.equal(redact('the vault holds s3cr3tvalue here', ['s3cr3tvalue']), 'the vault holds [redacted] here');
});

test('the log file never holds a token, and neither does what it mirrors', () => {
  const dir = tempDir();
  const mirrored: string[] = [];
  const log = new AppLog({ dir, mirror: (l) => mirrored.push(l), now: () => new Date('2026-12-01T10:00:00Z') });
  for (const line of leaky) log.write(line);
  log.write(`multi\nline with ${secrets.github}`);
  const text = readFileSync(log.path, 'utf8');
  for (const value of Object.values(secrets)) {
    assert.ok(!text.includes(value), `${value} reached the file`);
    assert.ok(!mirrored.join('\n').includes(value), `${value} reached the mirror`);
  }
  assert.match(text, /^2026-12-01T10:00:00.000Z push failed for https:\/\/ada:\[redacted\]@registry/m);
  assert.match(text, /^2026-12-01T10:00:00.000Z {3}line with \[redacted\]$/m);
  assert.equal(statSync(log.path).mode & 0o777, 0o600);
});

test('rotates by size, keeping a bounded number of files', () => {
  const dir = tempDir();
  const log = new AppLog({ dir, maxBytes: 1000, keep: 2 });
  for (let i = 0; i < 100; i++) log.write(`line ${i} ${'x'.repeat(60)}`);
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, ['slipway.log', 'slipway.log.1', 'slipway.log.2']);
  for (const f of files) assert.ok(statSync(join(dir, f)).size <= 1000, `${f} is over the limit`);
  assert.match(readFileSync(log.path, 'utf8'), /line 99 /);
  assert.ok(!readFileSync(join(dir, 'slipway.log.2'), 'utf8').includes('line 0 '), 'the oldest lines are gone');
  // A new instance continues the current file and its size.
  const again = new AppLog({ dir, maxBytes: 1000, keep: 2 });
  again.write('after restart');
  assert.ok(statSync(again.path).size <= 1000);
  assert.ok(!existsSync(join(dir, 'slipway.log.3')));
});
