import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * git takes a CA only as a file (http.sslCAInfo). The PEM a user pasted for a code source is
 * written once into the data folder, private to this user (folder 0700, file 0600), named by its
 * hash so every command for that source reuses it and a changed CA gets a new file. Never under a
 * shared temporary path: another user could swap the file between write and use.
 */
export function caFileFor(dataDir: string, caCertPem: string): string {
  const dir = join(dataDir, 'git-ca');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A folder made earlier by hand or by an older version keeps its mode otherwise.
  chmodSync(dir, 0o700);
  const file = join(dir, `${createHash('sha256').update(caCertPem).digest('hex').slice(0, 24)}.pem`);
  if (existsSync(file)) return file;
  // Written beside and renamed: a concurrent command never reads half a certificate.
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, caCertPem.endsWith('\n') ? caCertPem : `${caCertPem}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, file);
  return file;
}
