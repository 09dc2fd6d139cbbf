import { z } from 'zod';
import { phraseSchema } from '../i18n/phrase-schema';

export const updateStateSchema = z.enum(['unsupported', 'idle', 'checking', 'up-to-date', 'downloading', 'ready', 'error']);
export type UpdateState = z.infer<typeof updateStateSchema>;

/** What the window and the tray show about updates; the same shape from both hosts. */
export const updateStatusSchema = z.object({
  state: updateStateSchema,
  currentVersion: z.string(),
  channel: z.enum(['stable', 'beta']),
  /** The version being downloaded or ready to install. */
  version: z.string().nullable(),
  /** 0–100 while downloading. */
  percent: z.number().min(0).max(100).nullable(),
  /** When the feed was last asked (ISO time). */
  checkedAt: z.string().nullable(),
  /** Why updates are unsupported here, or what went wrong (never a URL with credentials). */
  message: z.string().nullable(),
  /** `message` as a phrase when it is Slipway's own words (the updater's errors have none). */
  phrase: phraseSchema.optional(),
  /** "Restart to update" was chosen while builds ran: Slipway restarts when the last one ends. */
  restartWhenIdle: z.boolean(),
  /** Where updates come from: "GitHub Releases" or the mirror's address. */
  feed: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

/** What to do with builds still running when the user quits or restarts to update. */
export const whenBuildingSchema = z.enum(['ask', 'wait', 'stop']);
export type WhenBuilding = z.infer<typeof whenBuildingSchema>;
