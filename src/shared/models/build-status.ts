/**
 * A build's statuses as plain values, apart from the schemas in build.ts: the renderer's first chunk
 * needs them (the event map) and should not have to load zod for them (issue 15).
 */
export const buildStatuses = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'interrupted'] as const;
export type BuildStatus = (typeof buildStatuses)[number];
export const finishedStatuses: readonly BuildStatus[] = ['succeeded', 'failed', 'canceled', 'interrupted'];
