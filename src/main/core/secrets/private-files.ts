import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * Slipway's files hold logins, build logs and settings: only their owner may read them. Windows has
 * no mode bits worth setting (its ACLs follow the user's profile folder), so these do nothing there.
 */
const enforced = process.platform !== 'win32';

/** Creates the folder 0700, or takes group and other access away from one that exists. */
export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  tighten(path, 0o700);
}

/** Takes group and other access away from a file, if it exists. */
export function privateFile(path: string): void {
  if (existsSync(path)) tighten(path, 0o600);
}

/**
 * Creates an empty file 0600 unless it exists (then only tightens it): for files a library opens
 * itself with the umask's mode, like SQLite, which also gives its -wal and -shm the main file's mode.
 */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  tighten(path, 0o600);
}

function tighten(path: string, mode: number): void {
  if (!enforced || (statSync(path).mode & 0o077) === 0) return;
  try {
    chmodSync(path, mode);
  } catch (error) {
    // A file system without Unix modes (a FAT stick, some network shares) cannot be tightened, and
    // refusing to start there would help nobody; anything else is a real fault.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EROFS') throw error;
  }
}
