import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBusyboxImage, ping, type TestEngine } from './engine';
import { freePort } from './ports';

/**
 * More Docker engines on this machine for builder-pool tests, owned by the tests that use them (the
 * shared engines of engine.ts and remote-engine.ts are never stopped: other test files use them).
 * Each has its own data and exec roots, pidfile, unix socket, a plain tcp://127.0.0.1 port (what
 * Slipway is given as the builder) and its own bridge (never --bridge=none: that broke the first
 * engine's docker0 here). Left running between runs like the others; a test may kill one and start
 * it again. The busybox base is loaded in each.
 */
export interface ExtraEngine extends TestEngine {
  readonly name: string;
  /** tcp://127.0.0.1:PORT, as a remote builder is added. */
  readonly endpoint: string;
  /** Kills dockerd at once (a builder switched off mid-build), by the pid in its pidfile; resolves once it is dead. */
  kill(): Promise<void>;
  /** Starts it again after kill(); resolves once it answers. */
  start(): Promise<void>;
  running(): Promise<boolean>;
}

/** Two slots are enough here: each has a fixed folder, bridge and subnet. */
const slots = { a: 1, b: 2 } as const;

export async function extraEngine(name: keyof typeof slots): Promise<ExtraEngine> {
  const slot = slots[name];
  const root = `/tmp/slipway-test-extra-engine-${name}`;
  const bridge = `slipbrx${slot}`;
  const socketPath = join(root, 'docker.sock');
  mkdirSync(root, { recursive: true });
  const portFile = join(root, 'port');
  const pidFile = join(root, 'dockerd.pid');

  const start = async (): Promise<void> => {
    if (existsSync(portFile) && (await ping(socketPath))) return;
    // Left by a dockerd killed without its pid file removed (a test that stopped half-way).
    if (existsSync(pidFile) && !alive(Number(readFileSync(pidFile, 'utf8').trim()))) rmSync(pidFile, { force: true });
    try {
      execFileSync('ip', ['link', 'show', bridge], { stdio: 'ignore' });
    } catch {
      execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge']);
      execFileSync('ip', ['addr', 'add', `10.231.${20 + slot}.1/24`, 'dev', bridge]);
      execFileSync('ip', ['link', 'set', bridge, 'up']);
    }
    // The same port after a kill, so the builder Slipway knows comes back where it was.
    const port = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').trim()) : await freePort();
    writeFileSync(portFile, String(port));
    // On a busy machine dockerd may give up waiting for its containerd: it is tried again, a few times.
    for (let attempt = 0; attempt < 3; attempt++) if (await spawnDockerd(port)) return;
    throw new Error(`the extra test engine ${name} did not start: ${readFileSync(join(root, 'dockerd.log'), 'utf8').slice(-2000)}`);
  };

  /** True once it answers; false when dockerd exited first. */
  const spawnDockerd = async (port: number): Promise<boolean> => {
    const logFd = openSync(join(root, 'dockerd.log'), 'a');
    const child = spawn(
      'dockerd',
      [
        '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '--pidfile', pidFile,
        '-H', `unix://${socketPath}`, '-H', `tcp://127.0.0.1:${port}`,
        '--iptables=false', '--ip-masq=false', `--bridge=${bridge}`, '--log-level', 'warn',
      ],
      { detached: true, stdio: ['ignore', logFd, logFd] },
    );
    child.unref();
    closeSync(logFd);
    for (let i = 0; i < 600; i++) {
      if (await ping(socketPath)) return true;
      if (child.exitCode !== null) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };

  await start();
  const engine: ExtraEngine = {
    name,
    host: `unix://${socketPath}`,
    socketPath,
    endpoint: `tcp://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`,
    async kill() {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      if (!(pid > 0)) return;
      process.kill(pid, 'SIGKILL');
      // Gone, or a zombie waiting for its parent: either way dockerd no longer answers.
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      // dockerd refuses to start while its pid file names a live process.
      rmSync(pidFile, { force: true });
    },
    start,
    running: () => ping(socketPath),
  };
  await ensureBusyboxImage(engine);
  return engine;
}

function alive(pid: number): boolean {
  try {
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
