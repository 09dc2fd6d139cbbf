import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors';

/** A JSON credentials file (docker's config.json, podman's auth.json), kept as parsed: unknown keys survive. */
export interface JsonConfigFile {
  readonly path: string;
  readonly exists: boolean;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface AuthEntry {
  readonly auth?: string;
  readonly identitytoken?: string;
  readonly [key: string]: unknown;
}

export function readJsonConfig(path: string): JsonConfigFile {
  if (!existsSync(path)) return { path, exists: false, data: {} };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'forbidden',
      `Cannot read ${path} (${code ?? 'error'}).`,
      code === 'EACCES' ? 'The file belongs to another user, often root after `sudo docker login`. Give it back with `sudo chown $USER ' + path + '`.' : 'Check the file and its folder.',
    );
  }
  if (text.trim() === '') return { path, exists: true, data: {} };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', `${path} is not valid JSON.`, 'Fix or move the file aside; Slipway will not overwrite a file it cannot read.');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new AppError('invalid_input', `${path} does not hold a JSON object.`, 'Fix or move the file aside; Slipway will not overwrite a file it cannot read.');
  }
  return { path, exists: true, data: data as Record<string, unknown> };
}

export function authEntries(file: JsonConfigFile): Readonly<Record<string, AuthEntry>> {
  const auths = file.data.auths;
  return auths && typeof auths === 'object' && !Array.isArray(auths) ? (auths as Record<string, AuthEntry>) : {};
}

export function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Returns a copy of the file's data with one auths entry set (or removed with `undefined`); every
 * other key and entry is carried over untouched, in its order.
 */
export function withAuthEntry(data: Readonly<Record<string, unknown>>, server: string, entry: AuthEntry | undefined): Record<string, unknown> {
  const auths: Record<string, unknown> = { ...(authEntriesOf(data)) };
  if (entry === undefined) delete auths[server];
  else auths[server] = entry;
  return { ...data, auths };
}

function authEntriesOf(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const auths = data.auths;
  return auths && typeof auths === 'object' && !Array.isArray(auths) ? (auths as Record<string, unknown>) : {};
}

/**
 * Writes the whole file atomically (a sibling temp file, fsync, rename) so a crash leaves either the
 * old or the new file, never half of one. A symlinked file (dotfile managers) is written at its
 * target; the mode is kept, and a new file gets 0600 because it holds credentials.
 */
export function writeJsonConfig(path: string, data: Readonly<Record<string, unknown>>): void {
  const target = existsSync(path) ? realpathSync(path) : path;
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  const mode = existsSync(target) ? statSync(target).mode & 0o7777 : 0o600;
  const temp = join(dirname(target), `.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    // open() applies the umask; the file must end with exactly the mode it had.
    fchmodSync(fd, mode);
    writeSync(fd, JSON.stringify(data, null, '\t') + '\n');
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    unlinkSync(temp);
    throw new AppError('forbidden', `Cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check that you own the file and its folder.');
  }
}
