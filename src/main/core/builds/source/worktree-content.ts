import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { PlannedFile } from './context-pack';
import { attributesAt, parseAttributeLines, toWorktree, worktreeConversion, type AttributeLine, type WorktreeConversion } from './gitattributes';
import { BlobBatch } from './git-objects';
import type { GitMirror } from '../../git/mirror';
import type { AttributesFile } from './lfs';

const converting = /\b(eol|ident)\b/;

/**
 * The context's files with the bytes a checkout would write where .gitattributes changes them
 * (`eol=crlf`, `ident`): the docker CLI sends the checkout, so the image gets those bytes. Only
 * the files concerned are read here; their content is then held in memory (text files, small as
 * a rule). Files of submodules and LFS files are taken as they are.
 */
export async function withWorktreeContent(mirror: GitMirror, commit: string, context: string, attributes: readonly AttributesFile[], files: readonly PlannedFile[]): Promise<PlannedFile[]> {
  const lines: AttributeLine[] = [];
  for (const { path, text } of attributes) {
    if (converting.test(text)) lines.push(...parseAttributeLines(posix.dirname(path) === '.' ? '' : posix.dirname(path), text));
  }
  if (lines.length === 0) return [...files];
  const concerned = new Map<string, WorktreeConversion>();
  for (const f of files) {
    if (f.source.kind !== 'blob' || f.source.gitDir !== mirror.path || f.mode === '120000') continue;
    const conversion = worktreeConversion(attributesAt(lines, context === '' ? f.path : `${context}/${f.path}`));
    if (conversion.crlf !== null || conversion.ident) concerned.set(f.path, conversion);
  }
  if (concerned.size === 0) return [...files];
  const targets = files.filter((f) => concerned.has(f.path));
  const converted = new Map<string, Buffer>();
  const batch = new BlobBatch(mirror.path, targets.map((f) => f.object));
  try {
    for (const f of targets) {
      const { size } = await batch.next(f.object);
      const blob = Buffer.from(await batch.contentBuffer(size));
      const bytes = toWorktree(blob, concerned.get(f.path)!, f.object);
      if (!bytes.equals(blob)) converted.set(f.path, bytes);
    }
  } finally {
    batch.close();
  }
  return files.map((f) => {
    const data = converted.get(f.path);
    // The id stands for the content (the file sync's change detection keys on it): the converted bytes' own hash.
    return data ? { ...f, size: data.length, source: { kind: 'bytes', data }, object: createHash('sha1').update(data).digest('hex') } : f;
  });
}
