import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface HeadlessApp {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly process: ChildProcess;
  /** Everything the host printed, for assertions that nothing secret was logged. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const entry = join(process.cwd(), 'out', 'main', 'headless.js');

/**
 * Starts the built headless host exactly as `npm start` does, and waits for its address line.
 * A fixed `port` lets a test restart the host at the same address (only the token changes).
 */
export async function startHeadless(dataDir: string, env: NodeJS.ProcessEnv = {}, options: { readonly port?: number } = {}): Promise<HeadlessApp> {
  if (!existsSync(entry)) throw new Error('out/main/headless.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [entry, '--data-dir', dataDir, '--no-open', '--port', String(options.port ?? 0)], {
    env: { ...process.env, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless host did not start within 20 s:\n${output}`)), 20_000);
    const check = () => {
      const match = /Slipway is running at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless host exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.hash.replace('#token=', ''),
    process: child,
    output: () => output,
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}

/** Calls the running host's contract over HTTP, as the browser renderer does. */
export async function hostCall<T = unknown>(app: HeadlessApp, channel: string, input: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message ?? res.status}`);
  return body.result as T;
}
