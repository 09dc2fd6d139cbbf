/**
 * The headless host: the same core and renderer as the desktop app, served to a browser on
 * 127.0.0.1. It is how Slipway runs where Electron's binary is missing, and how the tests drive it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Core } from './core';
import type { CoreBase } from './core/base';
import { stagedCore, type StagedCore } from './host/staged-core';
import { startHost } from './host/server';
import { defaultHeadlessDataDir } from './paths';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SLIPWAY_PORT ?? '0' },
    'data-dir': { type: 'string' },
    'static-dir': { type: 'string' },
    open: { type: 'boolean', default: true },
    'no-open': { type: 'boolean', default: false },
  },
  strict: true,
});

const dataDir = values['data-dir'] ?? defaultHeadlessDataDir();
const staticDir = values['static-dir'] ?? fileURLToPath(new URL('../renderer', import.meta.url));
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  const { quote } = await import('../shared/errors');
  console.error(`--port must be a port number, not ${quote(values.port)}.`);
  process.exit(2);
}

// The address comes first (issue 15): the page, its script and first chunks are served before the
// core is read. The core then comes in two stages. The stores (the database and what it holds),
// read once the page says its first frame is painted or at the first call, answer the page's first
// reads; the services, most of the core's code, are read when a call needs them, or two seconds
// after the start for what runs on its own (queued builds, the watcher, webhook retries): a browser
// opened by hand comes later than that.
let base: CoreBase | undefined;
let core: Core | undefined;
let staged: StagedCore | undefined;
/**
 * How long the page must have asked for nothing before the services are read for a call that needs
 * them: its chunks and first reads have then been answered by the first stage.
 */
const quietMs = 300;
/** Lets the requests that arrived meanwhile through. */
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** The same end as before the address came first: the reason on stderr and a failed exit. */
function failed(error: unknown): never {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  setImmediate(() => void host.close().finally(() => process.exit(1)));
  throw error;
}
async function loadCore(): Promise<StagedCore> {
  try {
    // In steps: reading holds this thread, and a file the page asks for meanwhile (a page's chunks,
    // preloaded when its key is pressed on the frame) waits for one step instead of the whole. The
    // contract (zod's schemas) is its own chunk.
    await import('../shared/contract');
    await pause();
    const { openHeadlessBase, warmReads } = await import('./headless-base');
    const first = openHeadlessBase(dataDir);
    base = first.base;
    let called = false;
    staged = stagedCore({
      bus: first.base.bus,
      reads: first.reads,
      read: (channel, input) => {
        called = true;
        return first.read(channel, input);
      },
      whenQuiet: () => host.quiet(quietMs),
      complete: async () => {
        try {
          const { completeHeadlessCore } = await import('./headless-core');
          await pause();
          core = completeHeadlessCore(first.base);
          return core;
        } catch (error) {
          return failed(error);
        }
      },
    });
    // Until the page's own calls come, a warm-up; calls that came while the base was read go first.
    void warmReads(first.read, () => called);
    return staged;
  } catch (error) {
    return failed(error);
  }
}
const host = await startHost({ core: loadCore, staticDir, port });

// Tests and scripts read this line to find the address; keep its shape stable.
console.log(`Slipway is running at ${host.url}`);
console.log(`Data folder: ${dataDir}`);
setTimeout(() => void host.loadCore().then(() => staged?.complete()).catch(() => undefined), 2000);

const wantsBrowser = values.open && !values['no-open'] && !process.env.CI && (process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY));
if (wantsBrowser) openBrowser(host.url);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await host.close();
  if (core) core.close();
  else base?.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.log('Open the address above in your browser.'));
  child.unref();
}
