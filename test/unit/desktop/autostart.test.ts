import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { autostartDir, autostartEntry, linuxAutostartEnabled, quoteExecArgument, setLinuxAutostart, startHiddenFlag } from '../../../src/main/core/desktop/autostart';
import { tempDir } from '../../support/temp';

test('the entry lives in $XDG_CONFIG_HOME/autostart, else ~/.config/autostart (a relative value is ignored)', () => {
  assert.equal(autostartDir({ XDG_CONFIG_HOME: '/x/conf' }, '/home/ada'), '/x/conf/autostart');
  assert.equal(autostartDir({}, '/home/ada'), '/home/ada/.config/autostart');
  assert.equal(autostartDir({ XDG_CONFIG_HOME: 'conf' }, '/home/ada'), '/home/ada/.config/autostart');
});

test('Exec arguments are quoted as the Desktop Entry Specification says', () => {
  assert.equal(quoteExecArgument('/opt/Slipway/slipway'), '/opt/Slipway/slipway');
  assert.equal(quoteExecArgument('/home/ada/My Apps/Slipway.AppImage'), '"/home/ada/My Apps/Slipway.AppImage"');
  // A literal backslash inside quotes is written as four (quoting rule, then the string escape rule).
  assert.equal(quoteExecArgument('C:\\odd path'), '"C:\\\\\\\\odd path"');
  assert.equal(quoteExecArgument('say "$HOME"'), '"say \\\\"\\\\$HOME\\\\""');
  assert.equal(quoteExecArgument('100%'), '100%%');
});

test('turning it on writes an entry that starts Slipway hidden; off removes it', () => {
  const home = tempDir();
  const dir = autostartDir({}, home);
  const target = { exec: join(home, 'Apps', 'Slipway 0.2.AppImage'), args: [startHiddenFlag] };
  const path = setLinuxAutostart(true, dir, target);
  assert.equal(path, join(home, '.config', 'autostart', 'slipway.desktop'));
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^\[Desktop Entry\]\n/);
  assert.match(text, /^Type=Application$/m);
  assert.match(text, new RegExp(`^Exec="${join(home, 'Apps', 'Slipway 0.2.AppImage').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" --hidden$`, 'm'));
  assert.equal(text, autostartEntry(target));
  assert.equal(statSync(path).mode & 0o777, 0o644);
  assert.equal(linuxAutostartEnabled(dir), true);
  setLinuxAutostart(true, dir, target);
  setLinuxAutostart(false, dir, target);
  assert.equal(existsSync(path), false);
  assert.equal(linuxAutostartEnabled(dir), false);
  setLinuxAutostart(false, dir, target);
});

test('an entry the desktop switched off (Hidden=true) reads as off', () => {
  const dir = autostartDir({}, tempDir());
  const path = setLinuxAutostart(true, dir, { exec: '/usr/bin/slipway', args: [] });
  writeFileSync(path, `${readFileSync(path, 'utf8')}Hidden=true\n`);
  assert.equal(linuxAutostartEnabled(dir), false);
});
