import Store from 'electron-store';
import { createPreferenceStore, preferencesFileName, preferencesJsonSchema, type PreferenceStore } from '../core/settings/preferences';

/** The app keeps preferences with electron-store: same schema and file name as the headless host. */
export function createStorePreferences(): PreferenceStore {
  const store = new Store<Record<string, unknown>>({ name: preferencesFileName, schema: preferencesJsonSchema, clearInvalidConfig: false });
  return createPreferenceStore(store);
}
