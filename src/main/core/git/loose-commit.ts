import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/** What a build needs of a commit, as `git log --format=%an %ct %B` gives it. */
export interface CommitFields {
  readonly author: string;
  /** Committer time, ISO 8601 UTC. */
  readonly committedAt: string;
  /** The first non-empty line of the message. */
  readonly message: string;
}

const fullId = /^[0-9a-f]{40}$/;

/** A commit message's first non-empty line, trimmed, as Slipway shows a commit. */
export function subjectOf(message: string): string {
  return message.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/**
 * A commit git keeps as a loose object, read straight from the object store: no git process (each
 * one blocks the event loop for several milliseconds to fork). A fetch of fewer than 100 objects
 * (git's fetch.unpackLimit), which is what a push of a few commits brings, leaves its commits loose.
 * Null when the commit is not loose (packed, or not there), or when reading it the way git log does
 * takes git (a message in another encoding, or anything this reader does not expect).
 */
export async function readLooseCommit(gitDir: string, commit: string): Promise<CommitFields | null> {
  if (!fullId.test(commit)) return null;
  let object: Buffer;
  try {
    object = inflateSync(await readFile(join(gitDir, 'objects', commit.slice(0, 2), commit.slice(2))));
  } catch {
    return null;
  }
  const end = object.indexOf(0);
  if (end < 0 || object.subarray(0, end).toString('latin1') !== `commit ${object.length - end - 1}`) return null;
  return parseCommitObject(object.subarray(end + 1));
}

/** A commit object's fields (the bytes after its `commit <size>\0` header), or null if git should read it. */
export function parseCommitObject(body: Buffer): CommitFields | null {
  const text = body.toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = (split < 0 ? text : text.slice(0, split)).split('\n');
  let author: string | undefined;
  let time: number | undefined;
  for (const line of headers) {
    // Continuation lines of a multi-line header (gpgsig, mergetag) start with a space.
    if (line.startsWith(' ')) continue;
    // git log re-encodes such a message to UTF-8; left to git.
    if (line.startsWith('encoding ') && !/^encoding utf-?8$/i.test(line)) return null;
    // As git splits an ident: the name ends at the first '<', the time follows the last '>'.
    const person = /^(author|committer) ([^<]*)<.*> (\d+) [+-]\d{4}$/.exec(line);
    if (person?.[1] === 'author') author = person[2]?.trimEnd();
    else if (person?.[1] === 'committer') time = Number(person[3]);
  }
  if (author === undefined || time === undefined || !Number.isSafeInteger(time)) return null;
  const message = split < 0 ? '' : text.slice(split + 2);
  return {
    author,
    committedAt: new Date(time * 1000).toISOString(),
    message: subjectOf(message),
  };
}
