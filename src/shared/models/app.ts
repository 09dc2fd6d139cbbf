import { z } from 'zod';

export const appInfoSchema = z.object({
  name: z.literal('Slipway'),
  version: z.string(),
  /** 'electron' when the desktop shell hosts the core, 'headless' when the plain Node host does. */
  host: z.enum(['electron', 'headless']),
  platform: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  preferencesPath: z.string(),
  /** How secrets are protected at rest: Electron safeStorage, or the key file of the headless host. */
  vault: z.enum(['safeStorage', 'keyFile']),
  schemaVersion: z.number().int(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;
