import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cli, type TestEngine } from './engine';
import { tempDir } from './temp';

/** A commit's tree as a test writes it: what the git server's own commit helper cannot make. */
export interface TreeSpec {
  readonly files: Readonly<Record<string, string>>;
  /** Paths of `files` committed as 100755. */
  readonly executables?: readonly string[];
  /** Symlink path → target, stored as git stores a link (mode 120000, the target as the blob). */
  readonly links?: Readonly<Record<string, string>>;
  /** Paths committed as gitlinks (mode 160000) with no .gitmodules entry: a checkout makes them empty folders. */
  readonly gitlinks?: readonly string[];
}

const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
// stderr is kept (git's line-ending warnings about the tree's own .gitattributes are expected) and shown only on failure.
const git = (cwd: string, args: readonly string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...identity }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Commits the tree and pushes it to `main` of each bare repository (as a user would); returns the one commit. */
export function commitTree(bares: readonly string[], spec: TreeSpec): string {
  const dir = tempDir('slipway-tree-');
  git(dir, ['init', '-q', '-b', 'main']);
  for (const [path, content] of Object.entries(spec.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const [path, target] of Object.entries(spec.links ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    symlinkSync(target, join(dir, path));
  }
  git(dir, ['add', '-A']);
  for (const path of spec.executables ?? []) git(dir, ['update-index', '--chmod=+x', '--', path]);
  // Any commit id will do: nothing follows a gitlink that .gitmodules does not name.
  for (const path of spec.gitlinks ?? []) git(dir, ['update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},${path}`]);
  git(dir, ['commit', '-q', '-m', 'tree']);
  for (const bare of bares) git(dir, ['push', '-q', '--force', bare, 'HEAD:refs/heads/main']);
  return git(dir, ['rev-parse', 'HEAD']);
}

/**
 * A fresh checkout of `commit` as a user would have it under the default umask 022, with no `.git`
 * inside (the work tree is separate from the repository), so a `docker build` of it sends exactly
 * the committed tree.
 */
export function checkoutOf(bare: string, commit: string): string {
  const dir = tempDir('slipway-checkout-');
  execFileSync('sh', ['-c', 'umask 022 && git --git-dir="$1" --work-tree="$2" checkout -q -f "$3" -- .', 'sh', bare, dir, commit], { env: { ...process.env, ...identity } });
  return dir;
}

/**
 * Every entry under `root` in the image, sorted, one line each: type, mode, owner, then the link
 * target for symlinks, size and md5 for files, and the path. Folder sizes and every mtime are left
 * out: they depend on the filesystem and on when the checkout was made, not on what was sent.
 */
export async function imageListing(engine: TestEngine, image: string, root: string): Promise<string[]> {
  const script = [
    `find ${root} -xdev | sort | while IFS= read -r p; do`,
    '  if [ -L "$p" ]; then echo "link $(stat -c "%a %u:%g" "$p") -> $(readlink "$p") $p";',
    '  elif [ -d "$p" ]; then echo "dir $(stat -c "%a %u:%g" "$p") $p";',
    '  else echo "file $(stat -c "%a %u:%g %s" "$p") $(md5sum < "$p" | cut -c1-32) $p"; fi',
    'done',
  ].join('\n');
  const run = await cli(engine, ['run', '--rm', '--network', 'none', image, 'sh', '-c', script]);
  if (run.code !== 0) throw new Error(`listing ${image} failed: ${run.stderr}`);
  return run.stdout.split('\n').filter((l) => l !== '');
}
