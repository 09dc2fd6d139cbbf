import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { parseCommitObject, readLooseCommit } from '../../../src/main/core/git/loose-commit';
import { tempDir } from '../../support/temp';

const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const git = (dir: string, args: string[], input?: string) => execFileSync('git', ['--git-dir', dir, ...args], { env, input, encoding: 'utf8' }).trim();

/** Writes a commit object as given (headers and message) and returns its id. */
const writeCommit = (dir: string, text: string) => git(dir, ['hash-object', '-t', 'commit', '-w', '--stdin', '--literally'], text);

/** What the git process the reader replaces says about the commit. */
function asGitLogSays(dir: string, commit: string) {
  const [time = '0', author = '', body = ''] = git(dir, ['log', '-1', '--no-show-signature', '--format=%ct%x00%an%x00%B', commit, '--']).split('\0');
  return { author, committedAt: new Date(Number(time) * 1000).toISOString(), message: body.split('\n').find((l) => l.trim() !== '')?.trim() ?? '' };
}

test('a loose commit reads as git log reads it: author, committer time, first line of the message', async () => {
  const dir = tempDir('slipway-loose-');
  git(dir, ['init', '--bare', '-q']);
  const tree = git(dir, ['hash-object', '-t', 'tree', '-w', '--stdin'], '');
  const commits = [
    `tree ${tree}\nauthor Zoë Dev <zoe@example.com> 1700000000 +0100\ncommitter Bot <bot@example.com> 1700000500 -0700\n\nFix the build 🚀\n\nLonger text.\n`,
    // A signed commit: the signature's continuation lines and a blank line inside it are headers.
    `tree ${tree}\nauthor A <a@example.com> 1600000000 +0000\ncommitter C <c@example.com> 1600000001 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nSigned change\n`,
    // Leading blank lines in the message, and no email quirks.
    `tree ${tree}\nauthor Name With <Angle> Brackets <x@example.com> 1500000000 +0000\ncommitter C <> 1500000002 +0000\n\n\n  indented subject\n`,
    `tree ${tree}\nauthor A <a@example.com> 1400000000 +0000\ncommitter C <c@example.com> 1400000003 +0000\n\n`,
  ];
  const ids: string[] = [];
  for (const text of commits) {
    const id = writeCommit(dir, text);
    ids.push(id);
    assert.deepEqual(await readLooseCommit(dir, id), asGitLogSays(dir, id), text);
  }
  // Spaces before the address, an empty name, a merge with two parents.
  const merge = writeCommit(dir, `tree ${tree}\nparent ${ids[0]}\nparent ${ids[1]}\nauthor Spaced   <s@example.com> 1300000000 +0530\ncommitter <c@example.com> 1300000004 +0000\n\nMerge branch 'x'\n`);
  assert.deepEqual(await readLooseCommit(dir, merge), asGitLogSays(dir, merge));
  assert.equal((await readLooseCommit(dir, merge))?.author, 'Spaced');
});

test('what git must read is left to git: another encoding, a packed commit, a missing or malformed one', async () => {
  const dir = tempDir('slipway-loose-');
  git(dir, ['init', '--bare', '-q']);
  const tree = git(dir, ['hash-object', '-t', 'tree', '-w', '--stdin'], '');
  const latin1 = writeCommit(dir, `tree ${tree}\nauthor A <a@example.com> 1 +0000\ncommitter C <c@example.com> 2 +0000\nencoding ISO-8859-1\n\ncaf\xe9\n`);
  assert.equal(await readLooseCommit(dir, latin1), null);
  assert.equal(await readLooseCommit(dir, 'f'.repeat(40)), null);
  assert.equal(await readLooseCommit(dir, 'not-an-id'), null);
  assert.equal(await readLooseCommit(dir, tree), null, 'a tree is not a commit');
  const packed = writeCommit(dir, `tree ${tree}\nauthor A <a@example.com> 3 +0000\ncommitter C <c@example.com> 4 +0000\n\npacked\n`);
  git(dir, ['update-ref', 'refs/heads/main', packed]);
  git(dir, ['repack', '-a', '-d', '-q']);
  git(dir, ['prune-packed']);
  assert.equal(await readLooseCommit(dir, packed), null);
  assert.equal(parseCommitObject(Buffer.from('tree x\nauthor nobody\n\nmsg\n')), null);
});
