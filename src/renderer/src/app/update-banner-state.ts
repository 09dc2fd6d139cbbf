import type { UpdateStatus } from '../../../shared/desktop/update-status';
import { phrase, type Phrase } from '../../../shared/i18n/phrase';

/** What the app-wide update banner shows: nothing, the offer to restart, or that a restart is waiting for builds. */
export type UpdateBanner = { readonly kind: 'hidden' } | { readonly kind: 'offer'; readonly version: string | null } | { readonly kind: 'waiting'; readonly version: string | null };

export function updateBanner(status: UpdateStatus | undefined): UpdateBanner {
  if (!status || status.state !== 'ready') return { kind: 'hidden' };
  return { kind: status.restartWhenIdle ? 'waiting' : 'offer', version: status.version };
}

/** The banner's sentence; a feed that did not name the version still gets a whole sentence, not a blank. */
export function updateBannerText(banner: Exclude<UpdateBanner, { readonly kind: 'hidden' }>): Phrase {
  if (banner.kind === 'waiting') return banner.version ? phrase('app.update.waitingVersion', { version: banner.version }) : phrase('app.update.waiting');
  return banner.version ? phrase('app.update.readyVersion', { version: banner.version }) : phrase('app.update.ready');
}

/**
 * Whether a refused "restart to update" is the host asking what to do with running builds. The
 * banner only offers the restart once an update is ready, so a conflict there means builds run.
 */
export function asksAboutBuilds(error: { readonly code?: string } | null | undefined): boolean {
  return error?.code === 'conflict';
}
