import type { UpdateStatus } from '../../../shared/desktop/update-status';

/** What the app-wide update banner shows: nothing, the offer to restart, or that a restart is waiting for builds. */
export type UpdateBanner = { readonly kind: 'hidden' } | { readonly kind: 'offer'; readonly version: string | null } | { readonly kind: 'waiting'; readonly version: string | null };

export function updateBanner(status: UpdateStatus | undefined): UpdateBanner {
  if (!status || status.state !== 'ready') return { kind: 'hidden' };
  return { kind: status.restartWhenIdle ? 'waiting' : 'offer', version: status.version };
}

/**
 * Whether a refused "restart to update" is the host asking what to do with running builds. The
 * banner only offers the restart once an update is ready, so a conflict there means builds run.
 */
export function asksAboutBuilds(error: { readonly code?: string } | null | undefined): boolean {
  return error?.code === 'conflict';
}
