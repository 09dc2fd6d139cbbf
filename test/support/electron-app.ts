import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';

const root = join(import.meta.dirname, '../..');

/**
 * The packaged app electron-builder left under `release/<version>/` for this system, or null.
 * The release workflow tests that one; locally the built out/ runs in node_modules' Electron.
 */
export function packagedExecutable(releaseDir: string): string | null {
  if (!existsSync(releaseDir)) return null;
  const candidates: string[] = [];
  for (const version of readdirSync(releaseDir)) {
    const base = join(releaseDir, version);
    if (process.platform === 'darwin') {
      const dirs = process.arch === 'arm64' ? ['mac-arm64', 'mac-universal'] : ['mac', 'mac-universal'];
      for (const d of dirs) candidates.push(join(base, d, 'Slipway.app', 'Contents', 'MacOS', 'Slipway'));
    } else if (process.platform === 'win32') {
      candidates.push(join(base, 'win-unpacked', 'Slipway.exe'));
    } else {
      candidates.push(join(base, 'linux-unpacked', 'slipway'));
    }
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** Slipway's desktop app on its own data folder: packaged when SLIPWAY_PACKAGED_DIR says where, else from out/. */
export async function launchSlipway(dataDir: string): Promise<ElectronApplication> {
  const packagedDir = process.env.SLIPWAY_PACKAGED_DIR;
  const executable = packagedDir ? packagedExecutable(join(root, packagedDir)) : null;
  if (packagedDir && !executable) throw new Error(`no packaged Slipway for ${process.platform}-${process.arch} under ${packagedDir}`);
  const env = { ...process.env, SLIPWAY_DATA_DIR: dataDir, ELECTRON_ENABLE_LOGGING: '1' } as Record<string, string>;
  // CI machines have no GPU, and Linux runners no setuid sandbox helper.
  const args = process.platform === 'linux' ? ['--no-sandbox', '--disable-gpu'] : [];
  return executable
    ? _electron.launch({ executablePath: executable, args, env, timeout: 60_000 })
    : _electron.launch({ args: [...args, root], cwd: root, env, timeout: 60_000 });
}
