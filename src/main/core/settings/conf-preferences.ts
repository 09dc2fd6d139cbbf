import Conf from 'conf';
import { createPreferenceStore, preferencesFileMode, preferencesFileName, type PreferenceStore } from './preferences';

/** Headless hosts keep preferences with conf, the library electron-store wraps, in the data folder. */
export function createConfPreferences(dataDir: string): PreferenceStore {
  // No schema: zod checks every value (a hand-edited bad value falls back to its default on read).
  const backend = new Conf<Record<string, unknown>>({ cwd: dataDir, configName: preferencesFileName, configFileMode: preferencesFileMode, clearInvalidConfig: false });
  return createPreferenceStore(backend);
}
