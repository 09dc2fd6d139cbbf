import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ping } from './engine';
import { tempDir } from './temp';

/**
 * Podman's Docker-compatible API (`podman system service`, Debian's podman 4.3) on a unix socket of
 * its own, for as long as the test file needs it: a builder that is not Docker.
 */
export interface PodmanService {
  readonly endpoint: string;
  readonly socketPath: string;
  stop(): Promise<void>;
}

export async function startPodmanService(): Promise<PodmanService> {
  const socketPath = join(tempDir('slipway-podman-'), 'podman.sock');
  const child: ChildProcess = spawn('podman', ['system', 'service', '--time=0', `unix://${socketPath}`], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100 && !(await ping(socketPath)); i++) {
    if (child.exitCode !== null) throw new Error(`podman system service exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await ping(socketPath))) {
    child.kill();
    throw new Error('podman system service did not answer /_ping within 10 s');
  }
  return {
    endpoint: `unix://${socketPath}`,
    socketPath,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}
