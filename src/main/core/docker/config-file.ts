import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';

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
      phrase('localDocker.config.cannotRead', { path, reason: code ?? 'error' }),
      code === 'EACCES' ? phrase('localDocker.config.otherOwnerHint', { path }) : phrase('localDocker.config.checkFileHint'),
    );
  }
  if (text.trim() === '') return { path, exists: true, data: {} };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', phrase('localDocker.config.notJson', { path }), phrase('localDocker.config.fixFileHint'));
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new AppError('invalid_input', phrase('localDocker.config.notObject', { path }), phrase('localDocker.config.fixFileHint'));
  }
  return { path, exists: true, data: data as Record<string, unknown> };
}

/**
 * The file's auths, keyed by server. A Map, because the keys are whatever the file and the user say:
 * a plain object would answer `toString` or `__proto__` from its prototype.
 */
export function authEntries(file: JsonConfigFile): ReadonlyMap<string, AuthEntry> {
  const entries = new Map<string, AuthEntry>();
  for (const [server, entry] of ownEntries(file.data.auths)) {
    if (entry && typeof entry === 'object' && !Array.isArray(entry)) entries.set(server, entry as AuthEntry);
  }
  return entries;
}

/** A JSON object's string values by key (credHelpers); anything else reads as empty. */
export function stringMap(value: unknown): ReadonlyMap<string, string> {
  return new Map(ownEntries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Returns a copy of the file's data with one auths entry set (or removed with `undefined`); every
 * other key and entry is carried over untouched, in its order.
 */
export function withAuthEntry(data: Readonly<Record<string, unknown>>, server: string, entry: AuthEntry | undefined): Record<string, unknown> {
  const auths = new Map(ownEntries(data.auths));
  if (entry === undefined) auths.delete(server);
  else auths.set(server, entry);
  // fromEntries defines each key as an own property, `__proto__` included, so nothing is lost or inherited.
  return { ...data, auths: Object.fromEntries(auths) };
}

function ownEntries(value: unknown): [string, unknown][] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
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
    throw new AppError('forbidden', phrase('localDocker.config.cannotWrite', { path: target, reason: (error as NodeJS.ErrnoException).code ?? 'error' }), phrase('localDocker.config.ownHint'));
  }
}
