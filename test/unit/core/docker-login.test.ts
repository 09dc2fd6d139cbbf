import assert from 'node:assert/strict';
import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readJsonConfig, withAuthEntry, writeJsonConfig } from '../../../src/main/core/docker/config-file';
import { diagnoseSetup } from '../../../src/main/core/docker/diagnosis';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { dockerServerKey, hostOfServerKey, podmanAuthPath } from '../../../src/main/core/docker/locations';
import { tempDir } from '../../support/temp';

test('Docker Hub logins are filed under the v1 URL docker uses; other registries under host:port', () => {
  assert.equal(dockerServerKey('docker.io'), 'https://index.docker.io/v1/');
  assert.equal(dockerServerKey('localhost:5000'), 'localhost:5000');
  assert.equal(hostOfServerKey('https://index.docker.io/v1/'), 'docker.io');
  assert.equal(hostOfServerKey('https://ghcr.io'), 'ghcr.io');
  assert.equal(hostOfServerKey('registry.example.com:8443/team'), 'registry.example.com:8443');
});

test('podman auth file: REGISTRY_AUTH_FILE, then the runtime folder on Linux, then ~/.config', () => {
  assert.equal(podmanAuthPath({ REGISTRY_AUTH_FILE: '/x/auth.json', XDG_RUNTIME_DIR: '/run/user/1' }, 'linux'), '/x/auth.json');
  assert.equal(podmanAuthPath({ XDG_RUNTIME_DIR: '/run/user/1', HOME: '/h' }, 'linux'), '/run/user/1/containers/auth.json');
  assert.equal(podmanAuthPath({ XDG_RUNTIME_DIR: '/run/user/1', HOME: '/h' }, 'darwin'), '/h/.config/containers/auth.json');
});

test('a symlinked config.json is written at its target and stays a symlink', () => {
  const dir = tempDir();
  const target = join(dir, 'dotfiles-config.json');
  writeFileSync(target, JSON.stringify({ auths: {}, keep: 'me' }));
  const link = join(dir, 'config.json');
  symlinkSync(target, link);
  const file = readJsonConfig(link);
  writeJsonConfig(link, withAuthEntry(file.data, 'r.example', { auth: 'eDp5' }));
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.deepEqual(JSON.parse(readFileSync(target, 'utf8')), { auths: { 'r.example': { auth: 'eDp5' } }, keep: 'me' });
});

test('a config that is not JSON is refused, never overwritten', () => {
  const dir = tempDir();
  const path = join(dir, 'config.json');
  writeFileSync(path, '{ "auths": ');
  assert.throws(() => readJsonConfig(path), /is not valid JSON/);
});

test('diagnosis: Slipway under sudo, and a config owned by root, are explained', () => {
  const dir = tempDir();
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, '{}');
  const underSudo = diagnoseSetup({ env: { SUDO_USER: 'alice', PATH: '' }, configPath, engineEndpoint: 'tcp://127.0.0.1:1', helpers: [], uid: 0 });
  assert.equal(underSudo.length, 1);
  assert.match(underSudo[0]!.message, /runs as root through sudo/);
  assert.match(underSudo[0]!.hint, /Start Slipway as alice/);
  // The status page words it in the reader's language from the phrases that come with it.
  const zh = createTranslator('zh-CN');
  assert.match(zh.word(underSudo[0]!.hintPhrase), /^请以 alice 身份、不使用 sudo 启动 Slipway/);

  const notMine = diagnoseSetup({ env: { PATH: '' }, configPath, engineEndpoint: 'tcp://127.0.0.1:1', helpers: [], uid: 4242 });
  assert.ok(notMine.some((p) => /belongs to another user \(uid 0\)/.test(p.message) && /chown/.test(p.hint)));

  const clean = diagnoseSetup({ env: { PATH: '' }, configPath, engineEndpoint: 'tcp://127.0.0.1:1', helpers: [], uid: 0 });
  assert.deepEqual(clean, []);
});

test('diagnosis: each problem carries its phrases, so the page words it in the reader’s language', () => {
  const dir = tempDir();
  const configPath = join(dir, 'config.json');
  const [missing] = diagnoseSetup({ env: { PATH: '' }, configPath, engineEndpoint: 'tcp://127.0.0.1:1', helpers: ['pass'], uid: undefined });
  assert.ok(missing);
  assert.match(missing.message, /^docker's config names the credential helper "pass", but docker-credential-pass is not on PATH/);
  const chinese = createTranslator('zh-CN');
  assert.match(chinese.word(missing.phrase), /^docker 配置中指定了凭证助手“pass”，但 docker-credential-pass 不在 PATH 中/);
  assert.equal(chinese.word(missing.hintPhrase), `请安装 docker-credential-pass，或从 ${configPath} 的 credsStore/credHelpers 中移除“pass”。`);
});
