import Conf from 'conf';
import { preferencesFileName, preferencesJsonSchema, createPreferenceStore, type PreferenceStore } from './preferences';

/** Headless hosts keep preferences with conf, the library electron-store wraps, in the data folder. */
export function createConfPreferences(dataDir: string): PreferenceStore {
  const conf = new Conf<Record<string, unknown>>({
    cwd: dataDir,
    configName: preferencesFileName,
    schema: preferencesJsonSchema,
    clearInvalidConfig: false,
  });
  return createPreferenceStore(conf);
}
