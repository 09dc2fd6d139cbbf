import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pack as tarPack } from 'tar-stream';
import { AppError } from '../../../../shared/errors';
import { phrase, type Phrase } from '../../../../shared/i18n/phrase';
import { contextFilter, type ContextFilter } from './dockerignore';
import { writeTar } from './context-tar';
import { listAllPaths, listTree, type TreeEntry } from './git-objects';
import { shortCommit, type GitMirror } from '../../git/mirror';
import { gitattributesAbove, readGitattributes, resolveLfsFiles, type LfsPlan } from './lfs';
import { withWorktreeContent } from './worktree-content';
import { readGitmodules, resolveSubmoduleUrl } from './submodules';

export interface PackContextOptions {
  readonly mirror: GitMirror;
  /** Full commit id; fetched into the mirror if it is not there yet. */
  readonly commit: string;
  /** The rule's build context directory, relative to the repository root (`/` is the root). */
  readonly contextDir: string;
  /** The rule's Dockerfile, relative to the context directory. */
  readonly dockerfile: string;
  /** The caller saw the commit in the mirror moments ago: not looked for again (a git process). */
  readonly present?: boolean;
  /** The commit's time, when the caller has read the commit already: not read again (a git process). */
  readonly committedAt?: string;
}

export interface PackedContext {
  /** A tar of the context, to be streamed as the body of the Engine API's POST /build. */
  readonly stream: Readable;
  /** The `dockerfile` build parameter: the Dockerfile's path inside the tar. */
  readonly dockerfilePathInContext: string;
  /** Files and symlinks in the tar (folders not counted). */
  readonly files: number;
  /** Their content bytes (tar headers and padding not counted). */
  readonly bytes: number;
  /** Files left out by .dockerignore. */
  readonly ignored: number;
  /** Submodules whose files were included, by path in the context. */
  readonly submodules: readonly string[];
  /** Files replaced by their Git LFS content. */
  readonly lfsFiles: number;
}

/** Where one file's bytes come from: a blob of some repository, or a file on disk (LFS content). */
export type Source =
  | { readonly kind: 'blob'; readonly gitDir: string; readonly object: string }
  | { readonly kind: 'file'; readonly file: string }
  /** Bytes a checkout would write differently from the blob (.gitattributes `eol=crlf`, `ident`). */
  | { readonly kind: 'bytes'; readonly data: Buffer };

export interface PlannedFile {
  readonly path: string;
  readonly mode: string;
  readonly size: number;
  readonly source: Source;
  /** The git blob id (for LFS files, the pointer's): changes whenever the content does. */
  readonly object: string;
}

const maxSubmoduleDepth = 5;

/** `/`, ``, `./` → ``; `/services/api/` → `services/api`. */
export function normalizeRepoPath(path: string): string {
  const cleaned = posix.normalize(`/${path.trim()}`).replace(/^\/+|\/+$/g, '');
  return cleaned === '.' ? '' : cleaned;
}

const dockerfileName = /(^|\/)(Dockerfile|Containerfile)(\.[^/]+)?$|\.(dockerfile|containerfile)$/i;

/**
 * The rule's directory at the exact commit, as a tar the Engine API builds from — read straight from
 * the mirror's object database (ls-tree + one cat-file stream), no checkout. Honours .dockerignore
 * like the docker CLI, keeps the executable bit and symlinks, includes submodules at their recorded
 * commits and Git LFS files' real content. Everything that can fail for a reason the user can fix
 * (no such folder, no Dockerfile, a submodule or LFS object that cannot be fetched) fails here,
 * before the stream starts; the stream itself only fails on I/O.
 */
export async function packContext(options: PackContextOptions): Promise<PackedContext> {
  return packPlanned(await planContext(options));
}

/** The tar of a context already planned: a plan can be packed more than once (one tar per platform). */
export function packPlanned(plan: ContextPlan): PackedContext {
  const { dockerfile, submodules, lfsFiles, committedAt } = plan;
  const { files, dirs } = tarContents(plan);
  const ignored = plan.ignored - (files.length - plan.files.length);
  const mtime = new Date(committedAt);
  // Nothing is read from git until the stream is: a build that fails before uploading and destroys
  // the stream leaves no cat-file behind. Readable.from ends the iteration when the consumer goes
  // away, which destroys the pack and so stops cat-file mid-way too.
  async function* produce(): AsyncGenerator<Buffer> {
    const tar = tarPack();
    void writeTar(tar, dirs, files, mtime).catch((error: unknown) => tar.destroy(error instanceof Error ? error : new Error(String(error))));
    yield* tar as AsyncIterable<Buffer>;
  }
  return {
    stream: Readable.from(produce(), { objectMode: false }),
    dockerfilePathInContext: dockerfile,
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
    ignored,
    submodules,
    lfsFiles,
  };
}

/**
 * What the tar holds: the context, and the Dockerfile even when .dockerignore leaves it out. An
 * engine building from a tar reads the Dockerfile from it (the CLI sends it apart only through the
 * session), so over the tar, and only there, such a Dockerfile is also in `COPY .`.
 */
export function tarContents(plan: Pick<ContextPlan, 'files' | 'dirs' | 'buildFiles' | 'dockerfile'>): { files: readonly PlannedFile[]; dirs: readonly string[] } {
  if (plan.files.some((f) => f.path === plan.dockerfile)) return plan;
  const dockerfile = plan.buildFiles.find((f) => f.path === plan.dockerfile);
  if (!dockerfile) return plan;
  const dirs = new Set(plan.dirs);
  for (let i = dockerfile.path.indexOf('/'); i >= 0; i = dockerfile.path.indexOf('/', i + 1)) dirs.add(dockerfile.path.slice(0, i));
  return { files: [...plan.files, dockerfile], dirs: [...dirs].sort() };
}

/** The context's files before any byte is read: what the tar and the session's file sync both send. */
export interface ContextPlan {
  /** Context-relative paths, in ls-tree order. */
  readonly files: readonly PlannedFile[];
  /**
   * Every folder the docker CLI's walk of a checkout sends, sorted: those holding files, and those
   * left empty by .dockerignore or checked out empty (a gitlink no .gitmodules names).
   */
  readonly dirs: readonly string[];
  /** The Dockerfile's path in the context. */
  readonly dockerfile: string;
  /** The Dockerfile and its own ignore file, if any: what the engine reads besides the context, sent or not in it. */
  readonly buildFiles: readonly PlannedFile[];
  readonly ignored: number;
  readonly submodules: readonly string[];
  readonly lfsFiles: number;
  readonly committedAt: string;
}

/** Lists the context at the commit with .dockerignore, submodules and LFS applied; fails early with what to fix. */
export async function planContext(options: PackContextOptions): Promise<ContextPlan> {
  const { mirror, commit } = options;
  if (!options.present) await mirror.ensureCommit(commit);
  const context = normalizeRepoPath(options.contextDir);
  const dockerfile = normalizeRepoPath(options.dockerfile);
  const escapes = (p: string) => p.split(/[\\/]+/).includes('..');
  if (escapes(options.contextDir) || escapes(options.dockerfile) || dockerfile === '') {
    throw new AppError('invalid_input', phrase('builds.errors.contextOutside'), phrase('builds.errors.contextOutsideHint'));
  }
  // Up to three reads that wait for nothing but the commit, side by side (each one git process).
  // For the root context the listing itself holds the only .gitattributes above it; the commit's
  // time is known when the caller read the commit.
  const [entries, attributesAboveRead, committedAt] = await Promise.all([
    listTree(mirror.path, commit, context),
    context === '' ? null : gitattributesAbove(mirror, commit, context),
    options.committedAt ?? mirror.commitInfo(commit).then((info) => info.committedAt),
  ]);
  if (entries === null) {
    throw new AppError('not_found', phrase('builds.errors.noFolder', { folder: context, commit: shortCommit(commit) }), await dockerfileHint(mirror, commit, context));
  }
  const dockerfileEntry = entries.find((e) => e.path === dockerfile && e.type === 'blob');
  if (!dockerfileEntry) {
    const where = context === '' ? dockerfile : `${context}/${dockerfile}`;
    throw new AppError('not_found', phrase('builds.errors.noDockerfile', { path: where, commit: shortCommit(commit) }), await dockerfileHint(mirror, commit, context));
  }

  // BuildKit's `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context's .dockerignore.
  const specific = entries.find((e) => e.path === `${dockerfile}.dockerignore` && e.type === 'blob');
  const ignoreEntry = specific ?? entries.find((e) => e.path === '.dockerignore' && e.type === 'blob');
  const ignoreText = ignoreEntry ? ((await mirror.readFile(commit, context === '' ? ignoreEntry.path : `${context}/${ignoreEntry.path}`))?.toString('utf8') ?? null) : null;
  // With BuildKit the CLI sends the Dockerfile on its own (the session's "dockerfile" folder): an
  // ignore file that excludes it, or itself, keeps them out of the context, and so out of `COPY .`.
  const filter = contextFilter(ignoreText);
  const asPlanned = (e: TreeEntry): PlannedFile => ({ path: e.path, mode: e.mode, size: e.size, source: { kind: 'blob', gitDir: mirror.path, object: e.object }, object: e.object });
  const buildFiles = [dockerfileEntry, ...(specific ? [specific] : [])].map(asPlanned);

  const planned: PlannedFile[] = [];
  const dirs = new Set<string>();
  const submodules: string[] = [];
  const counts = { ignored: 0 };
  await planTree({ mirror, gitDir: mirror.path, commit, repoPrefix: context, contextPrefix: '', entries, filter, planned, dirs, submodules, counts, depth: 0 });

  const attributesAbove = attributesAboveRead ?? entries.filter((e) => e.path === '.gitattributes' && e.type === 'blob').map((e) => e.path);
  const attributes = await readGitattributes(mirror, commit, context, attributesAbove, entries.map((e) => e.path));
  const lfs: LfsPlan = await resolveLfsFiles(mirror, commit, context, attributes, planned);
  const withLfs = planned.map((f) => {
    const replaced = lfs.replacements.get(f.path);
    return replaced ? { ...f, size: replaced.size, source: { kind: 'file' as const, file: replaced.file } } : f;
  });
  const files = await withWorktreeContent(mirror, commit, context, attributes, withLfs);
  return { files, dirs: [...dirs].sort(), buildFiles, dockerfile, ignored: counts.ignored, submodules, lfsFiles: lfs.replacements.size, committedAt };
}

interface PlanStep {
  readonly mirror: GitMirror;
  readonly gitDir: string;
  readonly commit: string;
  /** Where `entries` sit in this repository (for .gitmodules paths). */
  readonly repoPrefix: string;
  /** Where this repository's files sit in the context. */
  readonly contextPrefix: string;
  readonly entries: readonly TreeEntry[];
  readonly filter: ContextFilter;
  readonly planned: PlannedFile[];
  readonly dirs: Set<string>;
  readonly submodules: string[];
  readonly counts: { ignored: number };
  readonly depth: number;
}

async function planTree(step: PlanStep): Promise<void> {
  const { entries, filter, planned, dirs, contextPrefix, gitDir } = step;
  const gitlinks: TreeEntry[] = [];
  // Git stores no folders: they are the ones above each entry. The CLI's walk sends each folder it
  // enters, whether or not anything inside it is sent after .dockerignore.
  const seen = new Set<string>();
  const addDir = (dir: string) => {
    if (!seen.has(dir) && filter.sends(dir, true)) dirs.add(dir);
    seen.add(dir);
  };
  for (const entry of entries) {
    const path = contextPrefix + entry.path;
    for (let i = entry.path.indexOf('/'); i >= 0; i = entry.path.indexOf('/', i + 1)) addDir(contextPrefix + entry.path.slice(0, i));
    if (entry.type === 'commit') {
      // A checkout holds a submodule as a folder (empty until it is initialised); an excluded one is not even fetched.
      if (filter.sends(path, true)) {
        dirs.add(path);
        gitlinks.push(entry);
      }
      continue;
    }
    if (!filter.sends(path, false)) {
      step.counts.ignored++;
      continue;
    }
    planned.push({ path, mode: entry.mode, size: entry.size, source: { kind: 'blob', gitDir, object: entry.object }, object: entry.object });
  }
  if (gitlinks.length === 0) return;
  if (step.depth >= maxSubmoduleDepth) {
    throw new AppError(
      'conflict',
      contextPrefix ? phrase('builds.errors.submodulesTooDeep', { depth: maxSubmoduleDepth, path: contextPrefix }) : phrase('builds.errors.submodulesTooDeepAtRoot', { depth: maxSubmoduleDepth }),
      phrase('builds.errors.submodulesTooDeepHint'),
    );
  }
  const declared = await readGitmodules(gitDir, step.commit);
  for (const link of gitlinks) {
    const repoPath = step.repoPrefix === '' ? link.path : `${step.repoPrefix}/${link.path}`;
    const contextPath = contextPrefix + link.path;
    const module = declared.find((m) => m.path === repoPath);
    // git itself leaves a gitlink without a .gitmodules entry as an empty folder; so do we.
    if (!module) continue;
    const url = resolveSubmoduleUrl(step.mirror.url, module.url);
    let sub: GitMirror;
    try {
      sub = step.mirror.related(url);
    } catch (error) {
      const reason = error instanceof AppError ? (error.phrase ?? error.message) : phrase('builds.errors.submoduleAddress');
      throw new AppError('invalid_input', phrase('builds.errors.submoduleAt', { path: contextPath, url: module.url, reason }), phrase('builds.errors.submoduleAtHint'));
    }
    try {
      await sub.ensureCommit(link.object);
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.code, phrase('builds.errors.submodule', { path: contextPath, reason: error.phrase ?? error.message }), error.hintPhrase ?? error.hint);
      throw error;
    }
    const subEntries = await listTree(sub.path, link.object, '');
    if (subEntries === null) throw new AppError('not_found', phrase('builds.errors.submoduleEmpty', { path: contextPath, commit: shortCommit(link.object) }));
    step.submodules.push(contextPath);
    await planTree({ ...step, mirror: sub, gitDir: sub.path, commit: link.object, repoPrefix: '', contextPrefix: `${contextPath}/`, entries: subEntries, depth: step.depth + 1 });
  }
}

async function dockerfileHint(mirror: GitMirror, commit: string, context: string): Promise<Phrase> {
  const all = (await listAllPaths(mirror.path, commit)).filter((p) => dockerfileName.test(p));
  if (all.length === 0) return phrase('builds.errors.noDockerfileAnywhere');
  const inside = context === '' ? all : all.filter((p) => p.startsWith(`${context}/`));
  const ranked = [...inside, ...all.filter((p) => !inside.includes(p))].slice(0, 6);
  // The paths are data: joined as the list they are, not worded.
  return phrase('builds.errors.dockerfilesHere', { paths: `${ranked.join(', ')}${all.length > ranked.length ? ', …' : ''}` });
}
