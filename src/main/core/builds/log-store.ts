import { closeSync, existsSync, openSync, readSync, statSync, writeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { privateDir } from '../secrets/private-files';

const maxRead = 100_000;
/** Every this many lines a log's byte offset is kept, so a read starts near its first line. */
const markEvery = 10_000;
const maxMarkedLogs = 1000;
const readBytes = 1 << 20;

/**
 * Build logs as plain text files, one per build, appended line by line as the engine sends them.
 * A write goes to the OS as soon as it arrives, so closing the window, a crash or a SIGKILL keep
 * every line received so far; the database holds only the count.
 */
export class LogStore {
  readonly #dir: string;
  readonly #open = new Map<string, { fd: number; lines: number }>();
  /** Per log, the byte offset of line 0, markEvery, 2 × markEvery…, as far as reads have gone. */
  readonly #marks = new Map<string, number[]>();

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
    // batch is joined as it is and its newlines counted after. (Asking each line first made V8 flatten
    // every `#n 1.234 ` + text string the trace built: more than the join itself took.)
    let text = lines.join('\n') + '\n';
    if (newlines(text) !== lines.length) text = lines.map((l) => l.replace(/\n/g, ' ')).join('\n') + '\n';
    writeSync(file.fd, text);
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

  /**
   * Lines [from, from+limit) of a log; a missing log reads as empty. A read starts at the nearest
   * line it has passed before (every `markEvery`th line's byte offset is kept per log), so the pages
   * of a long log cost one page each, not a scan from the top (a 400,000-line log read in pages of
   * 50,000 read the file's start eight times). Logs only grow, so a kept offset stays right; one
   * beyond the file's end (the file is not the one it was) starts the marks again.
   */
  read(buildId: string, from: number, limit: number): string[] {
    const path = this.path(buildId);
    if (!existsSync(path)) return [];
    const want = Math.min(limit, maxRead);
    if (want <= 0) return [];
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      let marks = this.#marks.get(buildId);
      if (!marks || (marks.at(-1) ?? 0) > size) {
        if (this.#marks.size >= maxMarkedLogs) this.#marks.clear();
        marks = [0];
        this.#marks.set(buildId, marks);
      }
      const k = Math.min(Math.floor(from / markEvery), marks.length - 1);
      let line = k * markEvery;
      let position = marks[k] ?? 0;
      const out: string[] = [];
      const buffer = Buffer.alloc(readBytes);
      // The bytes of a wanted line begun in an earlier read. Lines are split on the byte 10, which
      // UTF-8 never uses inside a character, so a character split across two reads is whole here.
      let carry: Buffer | null = null;
      while (position < size && out.length < want) {
        const read = readSync(fd, buffer, 0, Math.min(buffer.length, size - position), position);
        if (read <= 0) break;
        let start = 0;
        for (let nl = buffer.indexOf(10); nl !== -1 && nl < read; nl = buffer.indexOf(10, nl + 1)) {
          if (line >= from) out.push((carry ? Buffer.concat([carry, buffer.subarray(start, nl)]) : buffer.subarray(start, nl)).toString('utf8'));
          carry = null;
          line++;
          start = nl + 1;
          if (line % markEvery === 0 && marks.length === line / markEvery) marks.push(position + start);
          if (out.length >= want) break;
        }
        if (out.length >= want) break;
        // A line still being written (no newline yet) is never returned: only whole lines are.
        if (line >= from && start < read) carry = Buffer.concat(carry ? [carry, buffer.subarray(start, read)] : [buffer.subarray(start, read)]);
        position += read;
      }
      return out;
    } finally {
      closeSync(fd);
    }
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
      lines += newlines(chunk);
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

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
