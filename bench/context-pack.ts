/**
 * Packing a large build context (~200 MB, ~20k files) from a bare mirror, against `git archive` of
 * the same commit and `tar c` of a checkout of the same tree, all measured in the same run and all
 * read to the end through a pipe (GNU tar skips reading files when it writes to /dev/null itself).
 * With --engine it also builds the tree on the test engine (`FROM scratch`, `COPY . /app`) twice —
 * a first build, then one file changed — through Slipway's tar upload and through Debian's docker
 * CLI with BuildKit (its session file sync), the numbers for choosing the context transport.
 * Run: npx tsx bench/context-pack.ts [--files 20000] [--mb 200] [--runs 3] [--engine] [--quick]
 * (--quick: 300 files, 4 MB, one timed run, and the engine part)
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { packContext } from '../src/main/core/builds/source/context-pack';
import { GitMirror } from '../src/main/core/git/mirror';
import { finite, option, quick, spread } from './support/figures';

const fileCount = option('files', 20_000, 300);
const totalMb = option('mb', 200, 4);
const runs = option('runs', 3, 1);
const withEngine = quick || process.argv.includes('--engine');

const root = mkdtempSync(join(tmpdir(), 'slipway-bench-pack-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const work = join(root, 'work');
const dataDir = join(root, 'data');
const env = { ...process.env, GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@e.invalid', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@e.invalid' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 }).trim();

// A tree shaped like a monorepo: many small text sources in nested folders, a few large binaries.
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const words = ['const', 'return', 'function', 'import', 'export', 'value', 'build', 'image', 'layer', 'context', 'registry', 'commit', '{', '}', '(', ')', ';', '=>', 'await', 'async'];
const binaries = 100;
const binaryBytes = Math.round((totalMb * 0.45 * 1024 * 1024) / binaries);
const textBytes = Math.round((totalMb * 0.55 * 1024 * 1024) / (fileCount - binaries));
console.log(`Making ${fileCount} files, ~${totalMb} MB …`);
const t0 = performance.now();
for (let i = 0; i < fileCount - binaries; i++) {
  const dir = join(work, `pkg${i % 40}`, `mod${i % 13}`, `part${i % 7}`);
  mkdirSync(dir, { recursive: true });
  let text = '';
  while (text.length < textBytes) text += words[Math.floor(rand() * words.length)] + (rand() < 0.1 ? '\n' : ' ');
  writeFileSync(join(dir, `file${i}.ts`), text);
}
mkdirSync(join(work, 'assets'), { recursive: true });
for (let i = 0; i < binaries; i++) {
  writeFileSync(join(work, 'assets', `blob${i}.bin`), randomBytes(binaryBytes));
}
writeFileSync(join(work, 'Dockerfile'), 'FROM scratch\nCOPY . /app\n');
// The CLI would send the checkout's .git too; Slipway's tar never has it.
writeFileSync(join(work, '.dockerignore'), '.git\n');
git(root, 'init', '-q', '-b', 'main', work);
git(work, 'add', '-A');
git(work, 'commit', '-qm', 'bench tree');
const commit = git(work, 'rev-parse', 'HEAD');
mkdirSync(join(dataDir, 'mirrors'), { recursive: true });
const mirrorPath = join(dataDir, 'mirrors', 'bench.git');
// --no-local: objects arrive as one pack, as a fetch into a real mirror leaves them (not 20k loose files).
git(root, 'clone', '-q', '--bare', '--no-local', work, mirrorPath);
console.log(`Repository ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (commit ${commit.slice(0, 7)}).`);

async function drain(stream: Readable): Promise<number> {
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) n += chunk.length;
  return n;
}

function command(cmd: string, args: string[], cwd: string): Promise<number> {
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const counted = drain(child.stdout);
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(counted) : reject(new Error(`${cmd} exited ${code}`)))));
}

const mirror = new GitMirror({ dataDir, key: 'bench', url: 'https://git.invalid/bench/repo.git' });
const contenders: [string, () => Promise<number>][] = [
  ['slipway packContext', async () => drain((await packContext({ mirror, commit, contextDir: '/', dockerfile: 'Dockerfile' })).stream)],
  ['git archive (mirror)', () => command('git', ['--git-dir', mirrorPath, 'archive', '--format=tar', commit], root)],
  ['tar c (checkout)', () => command('tar', ['-c', '-f', '-', '--exclude=.git', '.'], work)],
];

const results = new Map<string, { ms: number[]; bytes: number }>();
for (const [, run] of contenders) await run(); // warm the page cache and the mirror's pack index
for (let r = 0; r < runs; r++) {
  for (const [name, run] of contenders) {
    const start = performance.now();
    const bytes = await run();
    const ms = performance.now() - start;
    const entry = results.get(name) ?? { ms: [], bytes };
    entry.ms.push(ms);
    results.set(name, entry);
  }
}
const median = (xs: number[]) => spread(xs).median;
const base = median(results.get('slipway packContext')?.ms ?? []);
for (const [name, { ms, bytes }] of results) finite(`${name} time and size`, median(ms), bytes > 0 ? bytes : NaN);
console.log(`\n${fileCount} files, median of ${runs} warm runs:`);
for (const [name, { ms, bytes }] of results) {
  const m = median(ms);
  console.log(`  ${name.padEnd(22)} ${m.toFixed(0).padStart(6)} ms (${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)})  ${(bytes / 1048576).toFixed(1).padStart(7)} MB tar  ${((bytes / 1048576) / (m / 1000)).toFixed(0).padStart(5)} MB/s`);
}
console.log(`  slipway / git archive: ${(base / median(results.get('git archive (mirror)')!.ms)).toFixed(2)}`);
console.log(`  slipway / tar c:       ${(base / median(results.get('tar c (checkout)')!.ms)).toFixed(2)}`);
console.log(`
Fairness: these time making the tar only. The docker CLI with BuildKit does not upload a tar: it
opens a session and BuildKit pulls the context through its file sync, which after the first build
sends only the files whose metadata changed. Slipway's POST /build sends the whole tar every time,
so on a local engine the cost is this pack time plus the engine reading ~${totalMb} MB through its
socket; on a remote builder it is the full upload per build.`);

if (withEngine) {
  const { cli, testEngine } = await import('../test/support/engine');
  const engine = await testEngine();
  const postBuild = async (at: string, tag: string): Promise<number> => {
    const start = performance.now();
    const packed = await packContext({ mirror, commit: at, contextDir: '/', dockerfile: 'Dockerfile' });
    const query = new URLSearchParams({ version: '2', dockerfile: packed.dockerfilePathInContext, t: tag });
    const body = await new Promise<string>((resolve, reject) => {
      const req = request({ socketPath: engine.socketPath, path: `/v1.41/build?${query}`, method: 'POST', headers: { 'Content-Type': 'application/x-tar' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
      });
      req.on('error', reject);
      packed.stream.pipe(req);
    });
    if (/"error"/.test(body)) throw new Error(`build failed: ${body.slice(-500)}`);
    return performance.now() - start;
  };
  const cliBuild = async (tag: string): Promise<number> => {
    const start = performance.now();
    const out = await cli(engine, ['build', '-q', '-t', tag, '.'], { cwd: work });
    if (out.code !== 0) throw new Error(`docker build failed: ${out.stderr}`);
    return performance.now() - start;
  };
  const changeOneFile = (): string => {
    writeFileSync(join(work, 'pkg0', 'mod0', 'part0', 'file0.ts'), `changed ${Date.now()}\n`);
    git(work, 'commit', '-qam', 'one file changed');
    execFileSync('git', ['--git-dir', mirrorPath, 'fetch', '-q', work, 'HEAD'], { env });
    return git(work, 'rev-parse', 'HEAD');
  };
  const tagSuffix = Date.now().toString(36);
  console.log('\nBuilding on the engine (FROM scratch, COPY . /app) …');
  const slipFirst = await postBuild(commit, `slipway-bench/tar:${tagSuffix}`);
  const cliFirst = await cliBuild(`slipway-bench/cli:${tagSuffix}`);
  const slipChanged: number[] = [];
  const cliChanged: number[] = [];
  for (let r = 0; r < runs; r++) {
    const next = changeOneFile();
    slipChanged.push(await postBuild(next, `slipway-bench/tar:${tagSuffix}`));
    cliChanged.push(await cliBuild(`slipway-bench/cli:${tagSuffix}`));
  }
  console.log(`  first build         Slipway tar upload ${slipFirst.toFixed(0)} ms   docker CLI (BuildKit session) ${cliFirst.toFixed(0)} ms   ratio ${(slipFirst / cliFirst).toFixed(2)}`);
  finite('an engine build time', slipFirst, cliFirst, median(slipChanged), median(cliChanged));
  console.log(`  one file changed    Slipway tar upload ${median(slipChanged).toFixed(0)} ms   docker CLI (BuildKit session) ${median(cliChanged).toFixed(0)} ms   ratio ${(median(slipChanged) / median(cliChanged)).toFixed(2)}  (median of ${runs})`);
  await cli(engine, ['rmi', `slipway-bench/tar:${tagSuffix}`, `slipway-bench/cli:${tagSuffix}`]);
}
