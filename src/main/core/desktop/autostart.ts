import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * "Open at login" on Linux: an XDG autostart entry (freedesktop.org Desktop Application Autostart
 * Specification) in $XDG_CONFIG_HOME/autostart, which GNOME, KDE, Xfce and most others read.
 * macOS and Windows use Electron's login items instead.
 */
export const autostartFileName = 'slipway.desktop';

export interface AutostartTarget {
  /** The executable to start: the AppImage's own path when run from one, else the app binary. */
  readonly exec: string;
  readonly args: readonly string[];
}

export function autostartDir(env: { readonly XDG_CONFIG_HOME?: string | undefined }, home: string): string {
  // The specification ignores a relative XDG_CONFIG_HOME.
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'autostart');
}

/**
 * Quotes one argument of an Exec key (Desktop Entry Specification, "The Exec key"): inside double
 * quotes, `"`, `` ` ``, `$` and `\` are escaped with a backslash; and since the whole value is a
 * string value, each backslash is then escaped again. `%` starts a field code, so it is doubled.
 */
export function quoteExecArgument(arg: string): string {
  const fieldSafe = arg.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(fieldSafe) && fieldSafe !== '') return fieldSafe;
  const quoted = `"${fieldSafe.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\');
}

export function autostartEntry(target: AutostartTarget): string {
  const exec = [target.exec, ...target.args].map(quoteExecArgument).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Slipway',
    'Comment=Builds container images from your pushes in the background',
    `Exec=${exec}`,
    'Icon=slipway',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Writes or removes the entry; returns where it lives. Idempotent both ways. */
export function setLinuxAutostart(enabled: boolean, dir: string, target: AutostartTarget): string {
  const path = join(dir, autostartFileName);
  if (!enabled) {
    rmSync(path, { force: true });
    return path;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, autostartEntry(target), { mode: 0o644 });
  return path;
}

export function linuxAutostartEnabled(dir: string): boolean {
  const path = join(dir, autostartFileName);
  if (!existsSync(path)) return false;
  // A user who turned the entry off in their desktop's settings left Hidden=true behind.
  return !/^Hidden\s*=\s*true\s*$/m.test(readFileSync(path, 'utf8'));
}

/** The flag a login start passes, so Slipway opens in the tray without a window. */
export const startHiddenFlag = '--hidden';
