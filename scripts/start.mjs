// Starts Slipway: the Electron window when Electron's binary is installed, else the headless host.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronBinary;
try {
  // The electron package exports the path of its binary, which may not have been downloaded.
  electronBinary = require('electron');
} catch {
  electronBinary = undefined;
}

const args = process.argv.slice(2);
const useElectron = typeof electronBinary === 'string' && existsSync(electronBinary) && !args.includes('--headless');
const [command, commandArgs] = useElectron
  ? [electronBinary, ['.', ...args]]
  : [process.execPath, ['out/main/headless.js', ...args.filter((a) => a !== '--headless')]];
if (!useElectron) console.log('Electron is not installed here: starting the headless host (the same app, in your browser).');

const child = spawn(command, commandArgs, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
