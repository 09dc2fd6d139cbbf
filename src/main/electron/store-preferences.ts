import Store from 'electron-store';
import { createPreferenceStore, preferencesFileMode, preferencesFileName, type PreferenceStore } from '../core/settings/preferences';

/** The app keeps preferences with electron-store: same file name and the same zod checks as the headless host. */
export function createStorePreferences(): PreferenceStore {
  const backend = new Store<Record<string, unknown>>({ name: preferencesFileName, clearInvalidConfig: false, configFileMode: preferencesFileMode });
  return createPreferenceStore(backend);
}
