import Conf from 'conf';
import { createPreferenceStore, openWithRepair, preferencesFileMode, preferencesFileName, preferencesJsonSchema, type PreferenceStore } from './preferences';

/** Headless hosts keep preferences with conf, the library electron-store wraps, in the data folder. */
export function createConfPreferences(dataDir: string): PreferenceStore {
  const backend = openWithRepair(
    (validate) =>
      new Conf<Record<string, unknown>>({
        cwd: dataDir,
        configName: preferencesFileName,
        configFileMode: preferencesFileMode,
        ...(validate ? { schema: preferencesJsonSchema } : {}),
        clearInvalidConfig: false,
      }),
  );
  return createPreferenceStore(backend);
}
