import { z } from 'zod';
import { phraseSchema } from '../i18n/phrase-schema';

/** The remote watcher's view of one image repository, for the repository page. */
export const watchStatusSchema = z.object({
  repositoryId: z.string(),
  /** False when automatic builds are off or no code repository is bound; `reason` says which. */
  watching: z.boolean(),
  reason: z.string().nullable(),
  reasonPhrase: phraseSchema.optional(),
  checking: z.boolean(),
  lastCheckedAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  nextCheckAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Consecutive failed checks (the wait between them doubles). */
  failures: z.number().int(),
});
export type WatchStatus = z.infer<typeof watchStatusSchema>;

export const activityEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  /** English; `phrase` is the same line for the renderer to word (absent on lines from before it was kept). */
  message: z.string(),
  phrase: phraseSchema.optional(),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

/** A subject's activity page by page, newest first (issue 15): `cursor` is the `next` of the page before, opaque. */
export const activityPageInputSchema = z
  .object({ subject: z.string().min(1).max(128), limit: z.number().int().min(1).max(200).default(50), cursor: z.string().max(200).optional() })
  .strict();

export const activityPageSchema = z.object({ items: z.array(activityEntrySchema), next: z.string().nullable() });
export type ActivityPage = z.infer<typeof activityPageSchema>;

/** Where a provider should send pushes for one repository; the secret itself never comes back. */
export const hookInfoSchema = z.object({
  repositoryId: z.string(),
  /** Null while the listener is off (port 0 in Settings). */
  url: z.string().nullable(),
  hasSecret: z.boolean(),
  /** Why the listener is not running although a port is set (the port is taken, say). */
  listenerProblem: z.string().nullable(),
  /** The same, for the window to word in the reader's language. */
  listenerProblemPhrase: phraseSchema.optional(),
});
export type HookInfo = z.infer<typeof hookInfoSchema>;
