import { z } from 'zod';

/** Preferences a user edits in Settings. Stored by electron-store / conf with the same schema. */
export const preferencesSchema = z.object({
  concurrentBuilds: z.number().int().min(1).max(16),
  defaultBuilder: z.string().min(1).max(64),
  theme: z.enum(['system', 'light', 'dark']),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const defaultPreferences: Preferences = {
  concurrentBuilds: 2,
  defaultBuilder: 'local',
  theme: 'system',
};

export const preferencesPatchSchema = preferencesSchema.partial().strict();
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;
