import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../../src/main/core/db/database';
import { createKeyFileVault } from '../../../src/main/core/secrets/key-file-vault';
import { SecretStore } from '../../../src/main/core/secrets/secret-store';
import { tempDir } from '../../support/temp';

test('the key file is created with 0600 and reused across starts', () => {
  const dir = tempDir();
  const keyPath = join(dir, 'vault.key');
  const first = createKeyFileVault(keyPath);
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
  const sealed = first.encrypt('glpat-example-token');
  const second = createKeyFileVault(keyPath);
  assert.equal(second.decrypt(sealed), 'glpat-example-token');
});

test('a key file readable by others is tightened to 0600', () => {
  const keyPath = join(tempDir(), 'vault.key');
  createKeyFileVault(keyPath);
  chmodSync(keyPath, 0o644);
  createKeyFileVault(keyPath);
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
});

test('encryption is randomized and authenticated', () => {
  const vault = createKeyFileVault(join(tempDir(), 'vault.key'));
  const a = vault.encrypt('same');
  const b = vault.encrypt('same');
  assert.notDeepEqual(a, b);
  const tampered = Buffer.from(a);
  tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
  assert.throws(() => vault.decrypt(tampered), /cannot be decrypted/);
});

test('another key cannot open the secret', () => {
  const sealed = createKeyFileVault(join(tempDir(), 'a.key')).encrypt('secret');
  assert.throws(() => createKeyFileVault(join(tempDir(), 'b.key')).decrypt(sealed));
});

test('a damaged key file is refused with a way out', () => {
  const keyPath = join(tempDir(), 'vault.key');
  writeFileSync(keyPath, 'not a key', { mode: 0o600 });
  assert.throws(() => createKeyFileVault(keyPath), /not a valid key/);
});

test('the database holds only ciphertext', () => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'slipway.db'));
  const secrets = new SecretStore(db, createKeyFileVault(join(dir, 'vault.key')));
  const plaintext = 'hunter2-registry-password-0123456789';
  const id = secrets.put(plaintext);
  assert.equal(secrets.get(id), plaintext);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = readFileSync(join(dir, 'slipway.db'));
  assert.equal(bytes.includes(Buffer.from(plaintext)), false);
  secrets.put('rotated', id);
  assert.equal(secrets.get(id), 'rotated');
  assert.equal(secrets.delete(id), true);
  assert.equal(secrets.get(id), undefined);
  db.close();
});
