import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import type { Header, Pack } from 'tar-stream';
import type { PlannedFile } from './context-pack';
import { BlobBatch, checkoutMode } from './git-objects';

/** Files up to this size go into the tar in one write: most of a source tree, and far fewer stream turns. */
const wholeEntryMax = 256 * 1024;

/** Streams every folder, then every planned file, into the tar, one entry at a time, with the pack's backpressure. */
export async function writeTar(tar: Pack, dirs: readonly string[], files: readonly PlannedFile[], mtime: Date): Promise<void> {
  const batches = new Map<string, BlobBatch>();
  // One cat-file per repository, its objects requested in the order the files are written.
  const byRepo = new Map<string, string[]>();
  for (const f of files) {
    if (f.source.kind !== 'blob') continue;
    const list = byRepo.get(f.source.gitDir) ?? [];
    list.push(f.source.object);
    byRepo.set(f.source.gitDir, list);
  }
  const ordered = [...files].sort((a, b) => repoOrder(a, byRepo) - repoOrder(b, byRepo));
  const writer = new TarWriter(tar);
  try {
    // Sorted, so each folder comes before the folders inside it; all before any file.
    for (const dir of dirs) await writer.queue({ name: `${dir}/`, type: 'directory', mode: checkoutMode('040000'), mtime, uid: 0, gid: 0 }, null);
    for (const f of ordered) {
      if (f.source.kind === 'bytes') {
        await writer.queue({ name: f.path, type: 'file', mode: checkoutMode(f.mode), size: f.size, mtime, uid: 0, gid: 0 }, f.source.data);
        continue;
      }
      if (f.source.kind === 'file') {
        await writer.stream({ name: f.path, type: 'file', mode: checkoutMode(f.mode), size: f.size, mtime, uid: 0, gid: 0 }, createReadStream(f.source.file));
        continue;
      }
      let batch = batches.get(f.source.gitDir);
      if (!batch) batches.set(f.source.gitDir, (batch = new BlobBatch(f.source.gitDir, byRepo.get(f.source.gitDir) ?? [])));
      const { size } = await batch.next(f.source.object);
      if (f.mode === '120000') {
        const target = (await batch.contentBuffer(size)).toString('utf8');
        await writer.queue({ name: f.path, type: 'symlink', linkname: target, mode: checkoutMode(f.mode), mtime, uid: 0, gid: 0 }, null);
      } else if (size <= wholeEntryMax) {
        await writer.queue({ name: f.path, type: 'file', mode: checkoutMode(f.mode), size, mtime, uid: 0, gid: 0 }, await batch.contentBuffer(size));
      } else {
        await writer.stream({ name: f.path, type: 'file', mode: checkoutMode(f.mode), size, mtime, uid: 0, gid: 0 }, batch.content(size));
      }
    }
    await writer.flush();
    tar.finalize();
  } finally {
    for (const batch of batches.values()) batch.close();
  }
}

function repoOrder(f: PlannedFile, byRepo: Map<string, string[]>): number {
  // Blobs grouped by repository (so each cat-file is read start to end); disk files last.
  return f.source.kind === 'blob' ? [...byRepo.keys()].indexOf(f.source.gitDir) : byRepo.size;
}

type EntryHeader = Partial<Header> & { name: string };

/**
 * Feeds tar-stream with backpressure but without a round trip per file: entries whose content is
 * in memory are queued up to a bound (so reading from git and draining the tar overlap); a large
 * file is streamed once everything before it is written.
 */
class TarWriter {
  readonly #tar: Pack;
  readonly #inflight: { readonly done: Promise<void>; readonly bytes: number }[] = [];
  #bytes = 0;
  static readonly maxEntries = 512;
  static readonly maxBytes = 8 << 20;

  constructor(tar: Pack) {
    this.#tar = tar;
  }

  async queue(header: EntryHeader, body: Buffer | null): Promise<void> {
    const done = entryDone(this.#tar, header, body);
    const bytes = 512 + (body?.length ?? 0);
    this.#inflight.push({ done, bytes });
    this.#bytes += bytes;
    while (this.#inflight.length > TarWriter.maxEntries || this.#bytes > TarWriter.maxBytes) await this.#settleOldest();
  }

  async stream(header: EntryHeader, body: AsyncIterable<Buffer>): Promise<void> {
    await this.flush();
    let sink!: ReturnType<Pack['entry']>;
    const done = new Promise<void>((resolve, reject) => {
      sink = this.#tar.entry(header, (error?: Error | null) => (error ? reject(error) : resolve()));
    });
    done.catch(() => undefined);
    for await (const piece of body) {
      if (!sink.write(piece)) await once(sink, 'drain');
    }
    // streamx types require an argument; an empty end is the usual "no more data".
    sink.end(undefined);
    await done;
  }

  async flush(): Promise<void> {
    while (this.#inflight.length > 0) await this.#settleOldest();
  }

  async #settleOldest(): Promise<void> {
    const oldest = this.#inflight.shift();
    if (!oldest) return;
    this.#bytes -= oldest.bytes;
    await oldest.done;
  }
}

function entryDone(tar: Pack, header: EntryHeader, body: Buffer | null): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    const callback = (error?: Error | null) => (error ? reject(error) : resolve());
    if (body) tar.entry(header, body, callback);
    else tar.entry(header, callback);
  });
  // Observed when settled; this keeps a consumer that went away (tar destroyed) from leaving it unhandled.
  done.catch(() => undefined);
  return done;
}
