import Store from 'electron-store';
import { createPreferenceStore, openWithRepair, preferencesFileMode, preferencesFileName, preferencesJsonSchema, type PreferenceStore } from '../core/settings/preferences';

/** The app keeps preferences with electron-store: same schema and file name as the headless host. */
export function createStorePreferences(): PreferenceStore {
  const backend = openWithRepair(
    (validate) =>
      new Store<Record<string, unknown>>({
        name: preferencesFileName,
        ...(validate ? { schema: preferencesJsonSchema } : {}),
        clearInvalidConfig: false,
        configFileMode: preferencesFileMode,
      }),
  );
  return createPreferenceStore(backend);
}
