import { z } from 'zod';
import { problemTextFields } from '../i18n/phrase-schema';

import { buildStatuses } from './build-status';

export { finishedStatuses, type BuildStatus } from './build-status';
export const buildStatusSchema = z.enum(buildStatuses);

export const gitRefSchema = z.object({ kind: z.enum(['branch', 'tag']), name: z.string().min(1).max(255) });
export type GitRef = z.infer<typeof gitRefSchema>;

export const buildTriggerSchema = z.enum(['manual', 'push', 'retry', 'resume']);
export type BuildTrigger = z.infer<typeof buildTriggerSchema>;

export const pushedTagSchema = z.object({
  /** The tag as rendered by the rule (`v1-202010151625-d4ef3d`). */
  tag: z.string(),
  /** registry/namespace/name:tag */
  reference: z.string(),
  /** The manifest (or index) digest the registry serves for the tag; null until pushed. */
  digest: z.string().nullable(),
  pushedAt: z.string().nullable(),
});
export type PushedTag = z.infer<typeof pushedTagSchema>;

export const buildStepSchema = z.object({
  /** BuildKit's vertex digest. */
  id: z.string(),
  name: z.string(),
  platform: z.string().nullable(),
  cached: z.boolean(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type BuildStep = z.infer<typeof buildStepSchema>;

/** Why a build ended badly: English text for logs and the API, and the phrases the page words it from. */
export const buildErrorSchema = z.object({ code: z.string(), message: z.string(), hint: z.string().optional(), ...problemTextFields });
export type BuildError = z.infer<typeof buildErrorSchema>;

/** Where one platform of a build ran and why, for the build page and the log. */
export const placementSchema = z.object({
  /** The OCI platform built; null when the builder's own platform could not be told. */
  platform: z.string().nullable(),
  builderId: z.string(),
  /** The builder's name when placed: the page still says where it ran after the builder is removed. */
  builderName: z.string(),
  fit: z.enum(['native', 'emulated']),
  /** The pool had no other builder that could take it. */
  onlyBuilder: z.boolean(),
  /** Placed again after the first builder was lost. */
  afterFailover: z.boolean(),
});
export type Placement = z.infer<typeof placementSchema>;

export const buildSchema = z.object({
  id: z.string(),
  /** Per-repository sequence number shown as #12. */
  number: z.number().int(),
  repositoryId: z.string(),
  ruleId: z.string().nullable(),
  ref: gitRefSchema,
  commit: z.string(),
  commitMessage: z.string().nullable(),
  trigger: buildTriggerSchema,
  status: buildStatusSchema,
  platforms: z.array(z.string()),
  /** The builder of the first platform ('' until placed); `placements` says where each ran. */
  builderId: z.string(),
  placements: z.array(placementSchema),
  tags: z.array(pushedTagSchema),
  error: buildErrorSchema.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Lines in the stored log so far. */
  logLines: z.number().int(),
});
export type Build = z.infer<typeof buildSchema>;

/** What a list of builds may be narrowed to: the same for the whole list and for one page of it. */
const buildFilterFields = {
  repositoryId: z.string().min(1).optional(),
  status: buildStatusSchema.optional(),
  ruleId: z.string().min(1).optional(),
  ref: z.string().max(255).optional(),
};

export const buildFilterSchema = z
  .object({
    ...buildFilterFields,
    limit: z.number().int().min(1).max(500).default(100),
    /** Builds created before this one (pagination). */
    before: z.string().optional(),
  })
  .strict();

/**
 * One page of the build history, newest first (issue 15: a used database has thousands of builds,
 * the window shows 50 and reads on when asked). `cursor` is the `next` of the page before: opaque,
 * it stays right while builds are added on top or deleted.
 */
export const buildPageInputSchema = z
  .object({
    ...buildFilterFields,
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export const buildPageSchema = z.object({ items: z.array(buildSchema), next: z.string().nullable() });
export type BuildPage = z.infer<typeof buildPageSchema>;

export const logChunkSchema = z.object({
  buildId: z.string(),
  /** Line number (0-based) of the first line in `lines`. */
  from: z.number().int(),
  lines: z.array(z.string()),
});
export type LogChunk = z.infer<typeof logChunkSchema>;
