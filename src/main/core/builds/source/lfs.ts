import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../../shared/errors';
import { phrase } from '../../../../shared/i18n/phrase';
import type { GitCredential } from '../../domain';
import { basicAuthorization, gitOrigin } from '../../git/auth';
import { isLfsPath, parseGitattributes, type AttributeRule } from './gitattributes';
import { BlobBatch } from './git-objects';
import { runGit } from '../../git/process';
import type { GitMirror } from '../../git/mirror';

export interface LfsPlan {
  /** Context path → the downloaded content on disk and its size. */
  readonly replacements: ReadonlyMap<string, { readonly file: string; readonly size: number }>;
}

export interface LfsPointer {
  readonly oid: string;
  readonly size: number;
}

/** A pointer file is tiny; git-lfs itself never reads more than this to decide. */
const maxPointerSize = 1024;
const timeoutMs = 120_000;

/** Parses a Git LFS pointer (spec v1); null when the bytes are an ordinary file. */
export function parseLfsPointer(bytes: Buffer): LfsPointer | null {
  if (bytes.length > maxPointerSize) return null;
  const text = bytes.toString('utf8');
  if (!text.startsWith('version https://git-lfs.github.com/spec/v1\n') && !text.startsWith('version https://hawser.github.com/spec/v1\n')) return null;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d+)$/m.exec(text)?.[1];
  return oid && size ? { oid, size: Number.parseInt(size, 10) } : null;
}

interface Candidate {
  readonly path: string;
  readonly size: number;
  readonly source: { readonly kind: 'blob'; readonly gitDir: string; readonly object: string } | { readonly kind: 'file' | 'bytes' };
  readonly mode: string;
}

/**
 * Finds the context's files that .gitattributes sends through the LFS filter and that are pointers,
 * and makes their real content available on disk: cached per mirror in `<mirror>/lfs/objects` (as
 * git-lfs lays it out), else downloaded through the LFS batch API with the repository's token.
 * Files of submodules are taken as they are.
 */
export async function resolveLfsFiles(mirror: GitMirror, commit: string, context: string, attributes: readonly AttributesFile[], files: readonly Candidate[]): Promise<LfsPlan> {
  const replacements = new Map<string, { file: string; size: number }>();
  if (attributes.length === 0) return { replacements };
  const rules: AttributeRule[] = [];
  for (const { path, text } of attributes) {
    if (!text.includes('filter=lfs')) continue;
    rules.push(...parseGitattributes(posix.dirname(path) === '.' ? '' : posix.dirname(path), text));
  }
  if (!rules.some((r) => r.lfs)) return { replacements };

  const candidates = files.filter(
    (f) => f.source.kind === 'blob' && f.source.gitDir === mirror.path && f.mode !== '120000' && f.size <= maxPointerSize && isLfsPath(rules, context === '' ? f.path : `${context}/${f.path}`),
  );
  if (candidates.length === 0) return { replacements };
  const pointers = new Map<string, LfsPointer>();
  const batch = new BlobBatch(mirror.path, candidates.map((c) => (c.source.kind === 'blob' ? c.source.object : '')));
  try {
    for (const c of candidates) {
      if (c.source.kind !== 'blob') continue;
      const { size } = await batch.next(c.source.object);
      const parts: Buffer[] = [];
      for await (const piece of batch.content(size)) parts.push(piece);
      const pointer = parseLfsPointer(Buffer.concat(parts));
      if (pointer) pointers.set(c.path, pointer);
    }
  } finally {
    batch.close();
  }
  if (pointers.size === 0) return { replacements };

  const store = join(mirror.path, 'lfs', 'objects');
  const local = (oid: string) => join(store, oid.slice(0, 2), oid.slice(2, 4), oid);
  const missing = new Map<string, LfsPointer>();
  for (const pointer of pointers.values()) {
    const file = local(pointer.oid);
    if (!(existsSync(file) && statSync(file).size === pointer.size)) missing.set(pointer.oid, pointer);
  }
  if (missing.size > 0) await downloadLfsObjects(mirror.url, await mirror.auth(), [...missing.values()], local, pathsByOid(pointers));
  for (const [path, pointer] of pointers) replacements.set(path, { file: local(pointer.oid), size: pointer.size });
  return { replacements };
}

/** A .gitattributes file that applies to the context: its repository path and text. */
export interface AttributesFile {
  readonly path: string;
  readonly text: string;
}

/** The .gitattributes files of the folders above the context (asked for by name, one ls-tree): read while the context is listed. */
export async function gitattributesAbove(mirror: GitMirror, commit: string, context: string): Promise<string[]> {
  const above = ['.gitattributes'];
  const parts = context === '' ? [] : context.split('/');
  for (let i = 1; i < parts.length; i++) above.push(`${parts.slice(0, i).join('/')}/.gitattributes`);
  if (context !== '') above.push(`${context}/.gitattributes`);
  const run = await runGit(mirror.path, ['ls-tree', '-z', '--name-only', commit, '--', ...above]);
  return run.code === 0 ? run.stdout.toString('utf8').split('\0').filter(Boolean) : [];
}

/**
 * Every .gitattributes file that applies inside the context, shallowest first, read once for both
 * LFS and checkout conversions: those above it and those inside it (already listed).
 */
export async function readGitattributes(mirror: GitMirror, commit: string, context: string, above: readonly string[], contextPaths: readonly string[]): Promise<AttributesFile[]> {
  const inside = contextPaths.filter((p) => p.endsWith('/.gitattributes')).map((p) => (context === '' ? p : `${context}/${p}`));
  const paths = [...new Set([...above, ...inside])].sort((a, b) => a.split('/').length - b.split('/').length);
  return Promise.all(paths.map(async (path) => ({ path, text: (await mirror.readFile(commit, path))?.toString('utf8') ?? '' })));
}

function pathsByOid(pointers: ReadonlyMap<string, LfsPointer>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, p] of pointers) if (!out.has(p.oid)) out.set(p.oid, path);
  return out;
}

/** git-lfs's default endpoint: `<clone URL>.git/info/lfs` (`.git` added when the URL lacks it). */
export function lfsEndpoint(cloneUrl: string): string {
  const base = cloneUrl.replace(/\/+$/, '');
  return `${base.endsWith('.git') ? base : `${base}.git`}/info/lfs`;
}

interface BatchObject {
  oid: string;
  size: number;
  actions?: { download?: { href: string; header?: Record<string, string> } };
  error?: { code: number; message: string };
}

async function downloadLfsObjects(cloneUrl: string, gitAuth: { readonly credential: GitCredential | null; readonly caCertPem: string | null }, objects: readonly LfsPointer[], local: (oid: string) => string, pathOf: ReadonlyMap<string, string>): Promise<void> {
  const endpoint = `${lfsEndpoint(cloneUrl)}/objects/batch`;
  const host = new URL(cloneUrl).host;
  const { credential } = gitAuth;
  const auth: Record<string, string> = credential ? { Authorization: basicAuthorization(credential) } : {};
  // The code source's private CA vouches for its own host only: LFS storage elsewhere keeps the
  // system's trust (a \`ca\` option replaces it).
  const caFor = (url: URL) => (gitAuth.caCertPem && gitOrigin(url.toString()) === gitOrigin(cloneUrl) ? gitAuth.caCertPem : undefined);
  const body = Buffer.from(JSON.stringify({ operation: 'download', transfers: ['basic'], objects: objects.map((o) => ({ oid: o.oid, size: o.size })), hash_algo: 'sha256' }));
  const res = await exchange(new URL(endpoint), { method: 'POST', headers: { ...auth, Accept: 'application/vnd.git-lfs+json', 'Content-Type': 'application/vnd.git-lfs+json' }, body, ca: caFor(new URL(endpoint)) });
  const text = (await readAll(res, 8 << 20)).toString('utf8');
  if (res.statusCode === 401 || res.statusCode === 403) {
    throw new AppError('unauthorized', phrase('builds.errors.lfsRefused', { host, status: String(res.statusCode) }), credential ? phrase('builds.errors.lfsRefusedTokenHint') : phrase('builds.errors.lfsRefusedLoginHint'));
  }
  if (res.statusCode === 404) throw new AppError('not_found', phrase('builds.errors.lfsNoStorage', { host }), phrase('builds.errors.lfsNoStorageHint'));
  if (res.statusCode !== 200) throw new AppError('remote_error', phrase('builds.errors.lfsBatchFailed', { host, status: String(res.statusCode) }), phrase('builds.errors.tryLater'));
  let parsed: { objects?: BatchObject[] };
  try {
    parsed = JSON.parse(text) as { objects?: BatchObject[] };
  } catch {
    throw new AppError('remote_error', phrase('builds.errors.lfsBatchNotJson', { host }));
  }
  for (const want of objects) {
    const got = parsed.objects?.find((o) => o.oid === want.oid);
    const where = pathOf.get(want.oid) ?? want.oid.slice(0, 12);
    const href = got?.actions?.download?.href;
    if (!got || got.error || !href) {
      throw new AppError(
        'not_found',
        got?.error ? phrase('builds.errors.lfsMissingSaid', { path: where, host, detail: `${got.error.code}: ${got.error.message}` }) : phrase('builds.errors.lfsMissing', { path: where, host }),
        phrase('builds.errors.lfsMissingHint'),
      );
    }
    const url = new URL(href, endpoint);
    const headers: Record<string, string> = { ...(got.actions?.download?.header ?? {}) };
    // The action's own headers carry its authorization; our token only goes back to the repository's host.
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'authorization') && gitOrigin(url.toString()) === gitOrigin(cloneUrl)) Object.assign(headers, auth);
    await download(url, headers, want, local(want.oid), where, host, caFor);
  }
}

async function download(url: URL, headers: Record<string, string>, want: LfsPointer, target: string, where: string, host: string, caFor: (url: URL) => string | undefined): Promise<void> {
  let current = url;
  let sendHeaders = headers;
  let res: IncomingMessage | undefined;
  for (let hop = 0; hop < 5; hop++) {
    res = await exchange(current, { method: 'GET', headers: sendHeaders, ca: caFor(current) });
    const location = res.headers.location;
    if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
      res.resume();
      const next = new URL(location, current);
      if (next.origin !== current.origin) sendHeaders = {};
      current = next;
      continue;
    }
    break;
  }
  if (!res || res.statusCode !== 200) {
    res?.resume();
    throw new AppError(res?.statusCode === 401 || res?.statusCode === 403 ? 'unauthorized' : 'not_found', phrase('builds.errors.lfsDownloadFailed', { path: where, host, status: String(res?.statusCode ?? '?') }), phrase('builds.errors.lfsDownloadFailedHint'));
  }
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
  const hash = createHash('sha256');
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
  });
  try {
    await pipeline(res, createWriteStream(temp));
  } catch (error) {
    rmSync(temp, { force: true });
    throw new AppError('unreachable', phrase('builds.errors.lfsBrokeOff', { path: where, host }), phrase('common.unknownErrorHint'), { cause: error });
  }
  if (size !== want.size || hash.digest('hex') !== want.oid) {
    rmSync(temp, { force: true });
    throw new AppError('remote_error', phrase('builds.errors.lfsMismatch', { path: where, host }), phrase('builds.errors.lfsMismatchHint'));
  }
  renameSync(temp, target);
}

function exchange(url: URL, options: { method: string; headers: Record<string, string>; body?: Buffer; ca?: string | undefined }): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method: options.method, headers: { ...options.headers, ...(options.body ? { 'Content-Length': String(options.body.length) } : {}) }, timeout: timeoutMs, ...(options.ca ? { ca: options.ca } : {}) },
      resolve,
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: Error & { code?: string }) =>
      reject(new AppError(error.code === 'ETIMEDOUT' ? 'timeout' : 'unreachable', error.code ? phrase('builds.errors.lfsUnreachable', { host: url.host, detail: error.code }) : phrase('builds.errors.lfsUnreachableNetwork', { host: url.host }), phrase('builds.errors.lfsUnreachableHint'), { cause: error })),
    );
    req.end(options.body);
  });
}

async function readAll(res: IncomingMessage, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= max) parts.push(chunk);
  }
  return Buffer.concat(parts);
}
