import { createReadStream } from 'node:fs';
import type { ContentStream, FileSyncSource, FileSyncTransfer, SyncedDir } from '../session/filesync';
import { GoFileMode, type FileStat } from '../session/filesync-wire';
import { planContext, type ContextPlan, type PackContextOptions, type PlannedFile, type Source } from './context-pack';
import { BlobBatch, ByteReader, checkoutMode } from './git-objects';
import { spawnGit } from '../../git/process';

/**
 * The build context as the session's file sync lists it: a stat per file and folder, made from git
 * objects alone. The engine re-requests a file when its stat differs from the previous transfer, so
 * a stat must change exactly when the content does: the modification time is a fixed epoch plus 48
 * bits of the blob id in nanoseconds (the same blob always gets the same time, another blob almost
 * surely another). Owner root (the CLI resets it too), modes as a fresh checkout has them, and every
 * folder the CLI's walk sends, empty ones included.
 */
export interface SyncContext {
  /** "context" and "dockerfile", as the docker CLI registers them (both the same tree here). */
  readonly source: FileSyncSource;
  /** The `dockerfile` build parameter: its path in the "dockerfile" folder. */
  readonly dockerfile: string;
  readonly files: number;
  readonly bytes: number;
  /** Every completed DiffCopy of this context, in order. */
  readonly transfers: readonly FileSyncTransfer[];
}

const epochNs = 946_684_800n * 1_000_000_000n; // 2000-01-01T00:00:00Z

export function modTimeForObject(object: string): bigint {
  return epochNs + BigInt(`0x${object.slice(0, 12).padEnd(12, '0')}`);
}

/** fsutil's walk order: lexical per path component, so `a/…` comes before `a-b` and `a.txt`. */
export function walkOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a.replaceAll('/', '\0'), 'utf8'), Buffer.from(b.replaceAll('/', '\0'), 'utf8'));
}

export async function statContext(options: PackContextOptions): Promise<SyncContext> {
  return statPlanned(await planContext(options));
}

/** The file sync's listing of a context already planned (the same plan a tar is packed from). */
export async function statPlanned(plan: ContextPlan): Promise<SyncContext> {
  const targets = await symlinkTargets([...plan.files, ...plan.buildFiles]);
  const sources = new Map<string, Source>();
  const statsOf = (files: readonly PlannedFile[], dirs: Iterable<string>): FileStat[] => {
    const stats: FileStat[] = [];
    for (const f of files) {
      const modTime = modTimeForObject(f.object);
      if (f.mode === '120000') {
        const linkname = targets.get(f.path) ?? '';
        stats.push({ path: f.path, mode: GoFileMode.symlink | checkoutMode(f.mode), uid: 0, gid: 0, size: Buffer.byteLength(linkname), modTime, linkname });
        continue;
      }
      sources.set(f.path, f.source);
      stats.push({ path: f.path, mode: checkoutMode(f.mode), uid: 0, gid: 0, size: f.size, modTime, linkname: '' });
    }
    for (const d of dirs) stats.push({ path: d, mode: GoFileMode.dir | checkoutMode('040000'), uid: 0, gid: 0, size: 0, modTime: epochNs, linkname: '' });
    const keyed = stats.map((st) => ({ st, key: Buffer.from(st.path.replaceAll('/', '\0'), 'utf8') }));
    keyed.sort((a, b) => Buffer.compare(a.key, b.key));
    return keyed.map((k) => k.st);
  };
  const buildDirs = new Set<string>();
  for (const f of plan.buildFiles) for (let i = f.path.indexOf('/'); i >= 0; i = f.path.indexOf('/', i + 1)) buildDirs.add(f.path.slice(0, i));

  const transfers: FileSyncTransfer[] = [];
  const context: SyncedDir = { entries: statsOf(plan.files, plan.dirs), filtered: true };
  // The Dockerfile folder holds what the engine reads from it (it narrows the folder to these with
  // follow paths), whether or not .dockerignore keeps them out of the context, as the CLI's does.
  const dockerfileDir: SyncedDir = { entries: statsOf(plan.buildFiles, buildDirs), filtered: false };
  const source: FileSyncSource = {
    dirs: new Map([
      ['context', context],
      ['dockerfile', dockerfileDir],
    ]),
    openContent: () => new GitContentStream(sources),
    onTransfer: (t) => transfers.push(t),
  };
  return { source, dockerfile: plan.dockerfile, files: plan.files.length, bytes: plan.files.reduce((n, f) => n + f.size, 0), transfers };
}

async function symlinkTargets(files: readonly PlannedFile[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byRepo = new Map<string, PlannedFile[]>();
  for (const f of files) {
    if (f.mode !== '120000' || f.source.kind !== 'blob') continue;
    const list = byRepo.get(f.source.gitDir) ?? [];
    list.push(f);
    byRepo.set(f.source.gitDir, list);
  }
  for (const [gitDir, list] of byRepo) {
    const batch = new BlobBatch(gitDir, list.map((f) => f.object));
    try {
      for (const f of list) {
        const { size } = await batch.next(f.object);
        out.set(f.path, (await batch.contentBuffer(size)).toString('utf8'));
      }
    } finally {
      batch.close();
    }
  }
  return out;
}

/**
 * One interactive `git cat-file --batch` per repository for the files the engine asks for: each id
 * is written as soon as the request arrives, so git reads ahead while earlier files are sent.
 */
class GitContentStream implements ContentStream {
  readonly #catFiles = new Map<string, { child: ReturnType<typeof spawnGit>; reader: ByteReader }>();

  constructor(readonly sources: ReadonlyMap<string, Source>) {}

  #catFile(gitDir: string) {
    let cat = this.#catFiles.get(gitDir);
    if (!cat) {
      const child = spawnGit(gitDir, ['cat-file', '--batch']);
      child.stdin.on('error', () => undefined);
      child.stderr.resume();
      cat = { child, reader: new ByteReader(child.stdout) };
      this.#catFiles.set(gitDir, cat);
    }
    return cat;
  }

  want(path: string): void {
    const source = this.sources.get(path);
    if (source?.kind === 'blob') this.#catFile(source.gitDir).child.stdin.write(`${source.object}\n`);
  }

  async *read(path: string): AsyncIterable<Buffer> {
    const source = this.sources.get(path);
    if (!source) throw new Error(`${path} is not a file of this context`);
    if (source.kind === 'bytes') {
      yield source.data;
      return;
    }
    if (source.kind === 'file') {
      yield* createReadStream(source.file) as AsyncIterable<Buffer>;
      return;
    }
    const { reader } = this.#catFile(source.gitDir);
    const header = await reader.line();
    const [object, type, size] = (header ?? '').split(' ');
    if (object !== source.object || type !== 'blob' || size === undefined) throw new Error(`git cat-file: ${header ?? 'ended early'}`);
    yield* reader.take(Number.parseInt(size, 10));
    await reader.all(1);
  }

  close(): void {
    for (const { child } of this.#catFiles.values()) {
      child.stdin.end();
      if (child.exitCode === null) child.kill();
    }
    this.#catFiles.clear();
  }
}
