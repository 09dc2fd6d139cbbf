import { z } from 'zod';

/** Preferences a user edits in Settings. Stored by electron-store / conf with the same schema. */
export const preferencesSchema = z.object({
  concurrentBuilds: z.number().int().min(1).max(16),
  defaultBuilder: z.string().min(1).max(64),
  theme: z.enum(['system', 'light', 'dark']),
  /** How often the remote watcher asks each bound repository for its refs (jittered ±10%). */
  watchIntervalSeconds: z.number().int().min(1).max(3600),
  /** The inbound push-hook listener's port; 0 keeps it off. */
  hookPort: z.number().int().min(0).max(65535),
  /** loopback: only this machine (a tunnel forwards to it); all: the LAN too (a LAN GitLab). */
  hookAddress: z.enum(['loopback', 'all']),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const defaultPreferences: Preferences = {
  concurrentBuilds: 2,
  defaultBuilder: 'local',
  theme: 'system',
  watchIntervalSeconds: 30,
  hookPort: 0,
  hookAddress: 'loopback',
};

export const preferencesPatchSchema = preferencesSchema.partial().strict();
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;
