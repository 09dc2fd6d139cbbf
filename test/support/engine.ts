import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync, mkdtempSync, symlinkSync, copyFileSync, chmodSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One real Docker engine (Debian's dockerd 20.10, BuildKit built in) shared by every test file of a
 * run and by parallel runs on the same machine. It lives in a fixed folder and is left running:
 * starting dockerd costs seconds and its data root cannot be removed while layers are mounted.
 * SLIPWAY_TEST_DOCKER_HOST points the tests at an engine someone else started.
 */
export interface TestEngine {
  /** unix:///…/docker.sock, as DOCKER_HOST takes it. */
  readonly host: string;
  readonly socketPath: string;
}

const root = process.env.SLIPWAY_TEST_ENGINE_DIR ?? '/tmp/slipway-test-engine';
/** Debian's CLI (20.10, with BuildKit): the newer docker in /usr/local/bin has no buildx. */
export const dockerCli = '/usr/bin/docker';

export function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One starter at a time for a shared test service living in `dir` (runs and files in parallel). */
export async function withStartLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, 'start.lock');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 600; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await sleep(100);
      if (i === 599) rmdirSync(lock); // a crashed starter left it: take over once
    }
  }
  try {
    return await work();
  } finally {
    rmdirSync(lock);
  }
}

let cached: Promise<TestEngine> | undefined;

export function testEngine(): Promise<TestEngine> {
  cached ??= startOrReuse();
  return cached;
}

async function startOrReuse(): Promise<TestEngine> {
  const given = process.env.SLIPWAY_TEST_DOCKER_HOST;
  if (given) {
    const socketPath = given.replace(/^unix:\/\//, '');
    if (!(await ping(socketPath))) throw new Error(`SLIPWAY_TEST_DOCKER_HOST=${given} does not answer /_ping`);
    return { host: given, socketPath };
  }
  const socketPath = join(root, 'docker.sock');
  const engine = { host: `unix://${socketPath}`, socketPath };
  if (await ping(socketPath)) return engine;
  return withStartLock(root, async () => {
    if (await ping(socketPath)) return engine;
    const logFd = openSync(join(root, 'dockerd.log'), 'a');
    const child = spawn(
      'dockerd',
      [
        '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '--pidfile', join(root, 'dockerd.pid'),
        '-H', `unix://${socketPath}`, '--log-level', 'warn',
      ],
      {
        detached: true,
        stdio: ['ignore', logFd, logFd],
        // BuildKit clips step output at 2 MiB unless told otherwise (-1 is not "unlimited" on 20.10).
        env: { ...process.env, BUILDKIT_STEP_LOG_MAX_SIZE: String(1 << 30), BUILDKIT_STEP_LOG_MAX_SPEED: String(1 << 30) },
      },
    );
    child.unref();
    closeSync(logFd);
    for (let i = 0; i < 300; i++) {
      if (await ping(socketPath)) return engine;
      if (child.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`dockerd did not start (exit ${child.exitCode}); is docker.io installed and are we root?`);
  });
}

export function cli(engine: TestEngine, args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      dockerCli,
      [...args],
      { env: { ...process.env, DOCKER_HOST: engine.host, DOCKER_BUILDKIT: '1', ...options.env }, cwd: options.cwd, maxBuffer: 256 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/**
 * local/busybox:latest in the engine, made from Debian's busybox-static because nothing can be pulled
 * here. Idempotent; the rootfs has every applet linked in /bin so RUN steps have a shell and coreutils.
 */
export async function ensureBusyboxImage(engine: TestEngine, reference = 'local/busybox:latest'): Promise<string> {
  const inspect = await cli(engine, ['image', 'inspect', '--format', '{{.Id}}', reference]);
  if (inspect.code === 0) return reference;
  const rootfs = mkdtempSync(join(tmpdir(), 'slipway-rootfs-'));
  mkdirSync(join(rootfs, 'bin'));
  for (const d of ['tmp', 'etc', 'root', 'proc', 'sys', 'dev']) mkdirSync(join(rootfs, d));
  copyFileSync('/bin/busybox', join(rootfs, 'bin', 'busybox'));
  chmodSync(join(rootfs, 'bin', 'busybox'), 0o755);
  const applets = await new Promise<string>((resolve, reject) =>
    execFile('/bin/busybox', ['--list'], (e, out) => (e ? reject(e) : resolve(out))),
  );
  for (const name of applets.split('\n').map((s) => s.trim()).filter((s) => s && s !== 'busybox')) {
    if (!existsSync(join(rootfs, 'bin', name))) symlinkSync('busybox', join(rootfs, 'bin', name));
  }
  writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  const file = `${rootfs}.tar`;
  await new Promise<void>((resolve, reject) => execFile('tar', ['-C', rootfs, '-cf', file, '.'], (e) => (e ? reject(e) : resolve())));
  const made = await cli(engine, ['import', '--change', 'ENV PATH=/bin', '--change', 'CMD ["/bin/sh"]', file, reference]);
  if (made.code !== 0) throw new Error(`docker import failed: ${made.stderr}`);
  return reference;
}

/** Reads the engine's log for failure messages in tests. */
export function engineLog(): string {
  const file = join(root, 'dockerd.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
