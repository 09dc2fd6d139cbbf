import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from './redact';

export interface AppLogOptions {
  /** The folder for slipway.log and its rotated copies (`<data folder>/logs`). */
  readonly dir: string;
  /** Rotate when the file would grow past this many bytes. */
  readonly maxBytes?: number;
  /** Rotated files kept besides the current one (slipway.log.1 … .N). */
  readonly keep?: number;
  readonly now?: () => Date;
  /** Also written here (the console when started from a terminal), after redaction. */
  readonly mirror?: (line: string) => void;
}

export const appLogFileName = 'slipway.log';

/**
 * The app's own log for support: one timestamped line per message, redacted before anything is
 * written, rotated by size so it never fills a disk. Writes are synchronous and small: the last
 * lines before a crash are the ones support needs.
 */
export class AppLog {
  readonly path: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  #size: number;

  constructor(private readonly options: AppLogOptions) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.path = join(options.dir, appLogFileName);
    this.#maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
    this.#keep = Math.max(1, options.keep ?? 3);
    this.#size = sizeOf(this.path);
  }

  write(message: string): void {
    const clean = redact(message);
    this.options.mirror?.(clean);
    const stamp = (this.options.now?.() ?? new Date()).toISOString();
    const text = clean
      .split('\n')
      .map((l, i) => (i === 0 ? `${stamp} ${l}` : `${stamp}   ${l}`))
      .join('\n')
      .concat('\n');
    const bytes = Buffer.byteLength(text);
    try {
      if (this.#size > 0 && this.#size + bytes > this.#maxBytes) this.#rotate();
      appendFileSync(this.path, text, { mode: 0o600 });
      this.#size += bytes;
    } catch {
      // A full or read-only disk must not take the app down with its log.
    }
  }

  #rotate(): void {
    rmSync(`${this.path}.${this.#keep}`, { force: true });
    for (let i = this.#keep - 1; i >= 1; i--) {
      try {
        renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(this.path, `${this.path}.1`);
    this.#size = 0;
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
