import type { Readable } from 'node:stream';
import { spawnGit, runGit } from '../../git/process';

export interface TreeEntry {
  /** Octal mode as git stores it: 100644, 100755, 120000 (symlink), 160000 (submodule). */
  readonly mode: string;
  readonly type: 'blob' | 'commit';
  readonly object: string;
  /** Blob size in bytes; 0 for a submodule. */
  readonly size: number;
  /** Relative to the listed directory, `/`-separated. */
  readonly path: string;
}

/**
 * The permission bits an entry gets in a fresh checkout under the default umask 022, which is what
 * the docker CLI then sends: git records only whether a file is executable (any of 0o100 set, as
 * git itself reads old 100775 entries), so files are 0755 or 0644, folders (trees, submodules) 0755
 * and symlinks 0777 as Linux reports every link.
 */
export function checkoutMode(gitMode: string): number {
  const mode = Number.parseInt(gitMode, 8);
  const type = mode & 0o170000;
  if (type === 0o120000) return 0o777;
  if (type === 0o040000 || type === 0o160000) return 0o755;
  return mode & 0o100 ? 0o755 : 0o644;
}

/**
 * Every file under `dir` at `commit`, recursively, with modes and sizes, read from the object
 * database (no checkout). null when `dir` is not a directory at that commit.
 */
export async function listTree(gitDir: string, commit: string, dir: string): Promise<TreeEntry[] | null> {
  const run = await runGit(gitDir, ['ls-tree', '-r', '-z', '--long', `${commit}:${dir}`]);
  if (run.code !== 0) return null;
  const entries: TreeEntry[] = [];
  let start = 0;
  const out = run.stdout;
  while (start < out.length) {
    let end = out.indexOf(0, start);
    if (end < 0) end = out.length;
    const record = out.subarray(start, end);
    start = end + 1;
    const tab = record.indexOf(0x09);
    if (tab < 0) continue;
    const [mode = '', type = '', object = '', size = ''] = record.subarray(0, tab).toString('latin1').split(/ +/);
    if (type !== 'blob' && type !== 'commit') continue;
    entries.push({ mode, type, object, size: type === 'blob' ? Number.parseInt(size, 10) : 0, path: record.subarray(tab + 1).toString('utf8') });
  }
  return entries;
}

/** Every path of the whole commit (names only): for "did you mean" hints. */
export async function listAllPaths(gitDir: string, commit: string): Promise<string[]> {
  const run = await runGit(gitDir, ['ls-tree', '-r', '-z', '--name-only', `${commit}^{tree}`]);
  if (run.code !== 0) return [];
  return run.stdout.toString('utf8').split('\0').filter(Boolean);
}

/** Pull-style reading of a byte stream: whole lines and exact byte counts, as `cat-file --batch` needs. */
export class ByteReader {
  readonly #source: AsyncIterator<Buffer>;
  #buffer: Buffer = Buffer.alloc(0);
  #done = false;

  constructor(stream: Readable) {
    this.#source = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  async #more(): Promise<boolean> {
    if (this.#done) return false;
    const next = await this.#source.next();
    if (next.done) {
      this.#done = true;
      return false;
    }
    this.#buffer = this.#buffer.length === 0 ? next.value : Buffer.concat([this.#buffer, next.value]);
    return true;
  }

  async line(): Promise<string | null> {
    for (;;) {
      const nl = this.#buffer.indexOf(0x0a);
      if (nl >= 0) {
        const text = this.#buffer.subarray(0, nl).toString('utf8');
        this.#buffer = this.#buffer.subarray(nl + 1);
        return text;
      }
      if (!(await this.#more())) return null;
    }
  }

  /** Yields exactly `count` bytes, in the chunks they arrive in (a 1 GB file is never held whole). */
  async *take(count: number): AsyncGenerator<Buffer> {
    let left = count;
    while (left > 0) {
      if (this.#buffer.length === 0 && !(await this.#more())) throw new Error('git cat-file ended early');
      const piece = this.#buffer.subarray(0, Math.min(left, this.#buffer.length));
      this.#buffer = this.#buffer.subarray(piece.length);
      left -= piece.length;
      yield piece;
    }
  }

  async all(count: number): Promise<Buffer> {
    // Small objects usually sit whole in the chunk already read: hand out a view, no copy.
    if (this.#buffer.length >= count) {
      const view = this.#buffer.subarray(0, count);
      this.#buffer = this.#buffer.subarray(count);
      return view;
    }
    const parts: Buffer[] = [];
    for await (const piece of this.take(count)) parts.push(piece);
    return Buffer.concat(parts);
  }
}

/**
 * One `git cat-file --batch` over a list of objects known in advance: every id is written at once
 * (`--buffer`), git streams the contents back in the same order, and the pipe's own backpressure
 * keeps memory flat however big the tree.
 */
export class BlobBatch {
  readonly #child: ReturnType<typeof spawnGit>;
  readonly #reader: ByteReader;
  #stderr = '';

  constructor(gitDir: string, objects: readonly string[]) {
    this.#child = spawnGit(gitDir, ['cat-file', '--batch', '--buffer']);
    this.#child.stderr.on('data', (chunk: Buffer) => {
      if (this.#stderr.length < 8192) this.#stderr += chunk.toString('utf8');
    });
    this.#child.stdin.on('error', () => {
      // git exited early; the reader reports it.
    });
    this.#child.stdin.end(objects.map((o) => `${o}\n`).join(''));
    this.#reader = new ByteReader(this.#child.stdout);
  }

  /** The next object's header; its content must be consumed with `content` before the next call. */
  async next(expected: string): Promise<{ size: number }> {
    const header = await this.#reader.line();
    if (header === null) throw new Error(`git cat-file stopped before ${expected}${this.#stderr ? `: ${this.#stderr.trim()}` : ''}`);
    const [object, type, size] = header.split(' ');
    if (object !== expected || type === 'missing' || size === undefined) throw new Error(`git cat-file: ${header}`);
    return { size: Number.parseInt(size, 10) };
  }

  content(size: number): AsyncGenerator<Buffer> {
    return this.#contentThenNewline(size);
  }

  /** The whole content at once, for objects small enough to hold. */
  async contentBuffer(size: number): Promise<Buffer> {
    const bytes = await this.#reader.all(size);
    await this.#reader.all(1);
    return bytes;
  }

  async *#contentThenNewline(size: number): AsyncGenerator<Buffer> {
    yield* this.#reader.take(size);
    await this.#reader.all(1);
  }

  close(): void {
    if (this.#child.exitCode === null) this.#child.kill();
  }
}
