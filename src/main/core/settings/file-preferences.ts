import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPreferenceStore, preferencesFileMode, preferencesFileName, type ConfLike, type PreferenceStore } from './preferences';

/**
 * The headless host's preferences: one JSON object in the data folder, in the file and format
 * electron-store keeps on the desktop. It was conf, the library electron-store wraps; conf brings
 * ajv, semver and their kin (330 KB the host read at every start, issue 15) for what is here a file
 * read and an atomic write. zod checks every value either way (preferences.ts).
 */
export function createFilePreferences(dataDir: string): PreferenceStore {
  const path = join(dataDir, `${preferencesFileName}.json`);
  // A file that is not JSON (a hand edit gone wrong) reads as no preferences, so the app still
  // starts; the first save moves it aside to `.unreadable` rather than over it, so the edit is kept.
  let unreadable = false;
  const backend: ConfLike = {
    path,
    get store() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
        throw error;
      }
      try {
        const parsed: unknown = JSON.parse(text);
        unreadable = false;
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
      } catch {
        unreadable = true;
        return {};
      }
    },
    set store(value) {
      if (unreadable) {
        renameSync(path, `${path}.unreadable`);
        unreadable = false;
      }
      // Written beside the file and renamed over it: a crash mid-write leaves the old file whole.
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, JSON.stringify(value, undefined, '\t'), { mode: preferencesFileMode });
        renameSync(temporary, path);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
    },
  };
  return createPreferenceStore(backend);
}
