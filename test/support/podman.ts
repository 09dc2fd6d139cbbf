import { execFile, spawn } from 'node:child_process';
import { closeSync, copyFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ping, withStartLock, type TestEngine } from './engine';

/**
 * One real rootful Podman (Debian's 4.3) serving its Docker-compatible API on a unix socket, shared
 * like test/support/engine.ts's dockerd: a fixed folder, left running, a lock against concurrent
 * starters. Its storage, run root, network config and registries.conf live in that folder, so it
 * cannot disturb the machine's own Podman or Docker.
 */
const root = process.env.SLIPWAY_TEST_PODMAN_DIR ?? '/tmp/slipway-test-podman';
const socketPath = join(root, 'podman.sock');

/** What the service and the CLI are both given, so they share one store. */
function podmanEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CONTAINERS_CONF: join(root, 'containers.conf'),
    CONTAINERS_REGISTRIES_CONF: join(root, 'registries.conf'),
    CONTAINERS_STORAGE_CONF: join(root, 'storage.conf'),
  };
}

const globalArgs = () => ['--root', join(root, 'storage'), '--runroot', join(root, 'run'), '--cgroup-manager', 'cgroupfs', '--events-backend', 'file'];

function writeConfig(): void {
  mkdirSync(join(root, 'net'), { recursive: true });
  // No systemd here: cgroupfs and file events; runc is what Debian's podman depends on.
  writeFileSync(join(root, 'containers.conf'), ['[engine]', 'cgroup_manager = "cgroupfs"', 'events_logger = "file"', 'runtime = "runc"', '[network]', `network_config_dir = "${join(root, 'net')}"`, ''].join('\n'));
  writeFileSync(join(root, 'storage.conf'), ['[storage]', 'driver = "overlay"', `runroot = "${join(root, 'run')}"`, `graphroot = "${join(root, 'storage')}"`, ''].join('\n'));
  // Nothing is pulled by short name. Only "localhost" is marked insecure (plain HTTP): the test
  // registries answer on 127.0.0.1, and a push there must work through Slipway's own tlsVerify=false
  // for loopback registries, not through this file. A location without a port matches every port
  // of that host on containers/image 5.23 (checked here).
  writeFileSync(join(root, 'registries.conf'), ['unqualified-search-registries = []', 'short-name-mode = "permissive"', '', '[[registry]]', 'location = "localhost"', 'insecure = true', ''].join('\n'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cached: Promise<TestEngine> | undefined;

/** The Podman service (started once, then reused) with local/busybox:latest in its store. */
export function testPodman(): Promise<TestEngine> {
  cached ??= startOrReuse();
  return cached;
}

async function startOrReuse(): Promise<TestEngine> {
  const engine = { host: `unix://${socketPath}`, socketPath };
  if (!(await ping(socketPath))) {
    await withStartLock(root, async () => {
      if (await ping(socketPath)) return;
      writeConfig();
      rmSync(socketPath, { force: true });
      const logFd = openSync(join(root, 'service.log'), 'a');
      const child = spawn('podman', [...globalArgs(), 'system', 'service', '--time=0', `unix://${socketPath}`], { detached: true, stdio: ['ignore', logFd, logFd], env: podmanEnv() });
      child.unref();
      closeSync(logFd);
      for (let i = 0; i < 300; i++) {
        if (await ping(socketPath)) return;
        if (child.exitCode !== null) break;
        await sleep(100);
      }
      throw new Error(`podman system service did not start (exit ${child.exitCode}); is podman installed (scripts/setup.sh test) and are we root? ${serviceLog().slice(-2000)}`);
    });
  }
  await withStartLock(root, () => ensureBusybox());
  return engine;
}

/** Runs Debian's podman CLI against the test service's store. */
export function podmanCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('podman', [...globalArgs(), ...args], { env: podmanEnv(), maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * localhost/local/busybox:latest, made from Debian's busybox-static (nothing can be pulled here);
 * `FROM local/busybox` finds it, as Podman tries the localhost/ prefix for names without a registry.
 */
async function ensureBusybox(reference = 'local/busybox:latest'): Promise<void> {
  if ((await podmanCli(['image', 'exists', reference])).code === 0) return;
  const rootfs = mkdtempSync(join(tmpdir(), 'slipway-podman-rootfs-'));
  try {
    for (const d of ['bin', 'tmp', 'etc', 'root', 'proc', 'sys', 'dev']) mkdirSync(join(rootfs, d));
    copyFileSync('/bin/busybox', join(rootfs, 'bin', 'busybox'));
    chmodSync(join(rootfs, 'bin', 'busybox'), 0o755);
    const applets = await new Promise<string>((resolve, reject) => execFile('/bin/busybox', ['--list'], (e, out) => (e ? reject(e) : resolve(out))));
    for (const name of applets.split('\n').map((s) => s.trim()).filter((s) => s && s !== 'busybox')) {
      if (!existsSync(join(rootfs, 'bin', name))) symlinkSync('busybox', join(rootfs, 'bin', name));
    }
    writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    const file = join(rootfs, 'rootfs.tar');
    await new Promise<void>((resolve, reject) => execFile('tar', ['-C', rootfs, '--exclude', './rootfs.tar', '-cf', file, '.'], (e) => (e ? reject(e) : resolve())));
    const made = await podmanCli(['import', '--change', 'ENV PATH=/bin', '--change', 'CMD ["/bin/sh"]', file, reference]);
    if (made.code !== 0) throw new Error(`podman import failed: ${made.stderr}`);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}

export function serviceLog(): string {
  const file = join(root, 'service.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}
