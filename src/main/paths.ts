import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the headless host keeps its data unless told otherwise (SLIPWAY_DATA_DIR or --data-dir). */
export function defaultHeadlessDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SLIPWAY_DATA_DIR) return env.SLIPWAY_DATA_DIR;
  const home = homedir();
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Slipway Headless');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Slipway Headless');
    default:
      return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'slipway');
  }
}
