import { closeSync, existsSync, openSync, readSync, statSync, writeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { privateDir } from '../secrets/private-files';

const maxRead = 100_000;

/**
 * Build logs as plain text files, one per build, appended line by line as the engine sends them.
 * A write goes to the OS as soon as it arrives, so closing the window, a crash or a SIGKILL keep
 * every line received so far; the database holds only the count.
 */
export class LogStore {
  readonly #dir: string;
  readonly #open = new Map<string, { fd: number; lines: number }>();

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'logs');
    privateDir(this.#dir);
  }

  path(buildId: string): string {
    return join(this.#dir, `${buildId.replace(/[^A-Za-z0-9-]/g, '')}.log`);
  }

  /** Appends whole lines; returns the line count after the write. */
  append(buildId: string, lines: readonly string[]): number {
    let file = this.#open.get(buildId);
    if (!file) {
      const path = this.path(buildId);
      const existing = existsSync(path) ? this.count(buildId) : 0;
      file = { fd: openSync(path, 'a', 0o600), lines: existing };
      this.#open.set(buildId, file);
    }
    if (lines.length === 0) return file.lines;
    // A line holding a newline would count as two when read back; trace lines never do, so the
    // common batch is joined as it is.
    const whole = lines.some((l) => l.includes('\n')) ? lines.map((l) => l.replace(/\n/g, ' ')) : lines;
    writeSync(file.fd, whole.join('\n') + '\n');
    file.lines += lines.length;
    return file.lines;
  }

  close(buildId: string): void {
    const file = this.#open.get(buildId);
    if (!file) return;
    closeSync(file.fd);
    this.#open.delete(buildId);
  }

  closeAll(): void {
    for (const id of [...this.#open.keys()]) this.close(id);
  }

  /** Lines [from, from+limit) of a log; a missing log reads as empty. */
  read(buildId: string, from: number, limit: number): string[] {
    const path = this.path(buildId);
    if (!existsSync(path)) return [];
    const want = Math.min(limit, maxRead);
    const out: string[] = [];
    let line = 0;
    let partial = '';
    this.#scan(path, (chunk) => {
      const text = partial + chunk;
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) {
        if (line >= from && out.length < want) out.push(part);
        line++;
        if (out.length >= want) return false;
      }
      return true;
    });
    return out;
  }

  /** When the log was last written (ISO time), null without a log: every line goes to disk as it arrives. */
  lastWriteAt(buildId: string): string | null {
    const path = this.path(buildId);
    return existsSync(path) ? statSync(path).mtime.toISOString() : null;
  }

  count(buildId: string): number {
    const path = this.path(buildId);
    if (!existsSync(path)) return 0;
    let lines = 0;
    this.#scan(path, (chunk) => {
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
      return true;
    });
    return lines;
  }

  #scan(path: string, visit: (chunk: string) => boolean): void {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const buffer = Buffer.alloc(1 << 20);
      // StringDecoder holds back a character split across two reads.
      const decoder = new StringDecoder('utf8');
      for (let position = 0; position < size; ) {
        const read = readSync(fd, buffer, 0, buffer.length, position);
        if (read <= 0) break;
        position += read;
        if (!visit(decoder.write(buffer.subarray(0, read)))) return;
      }
      const rest = decoder.end();
      if (rest) visit(rest);
    } finally {
      closeSync(fd);
    }
  }
}
