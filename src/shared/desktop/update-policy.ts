import type { Preferences } from '../models/settings';
import { compareVersions, parseVersion } from './semver';

export type UpdateChannel = Preferences['updateChannel'];

/** The stable channel never offers a prerelease; beta offers both. */
export function channelAccepts(channel: UpdateChannel, version: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return false;
  return channel === 'beta' || parsed.prerelease.length === 0;
}

/** Offer `candidate` only when it is strictly newer than what runs and the channel takes it: never a downgrade. */
export function shouldOffer(current: string, candidate: string, channel: UpdateChannel): boolean {
  const now = parseVersion(current);
  const next = parseVersion(candidate);
  if (!now || !next) return false;
  return channelAccepts(channel, candidate) && compareVersions(next, now) > 0;
}

export type UpdateFeed = { readonly provider: 'github' } | { readonly provider: 'generic'; readonly url: string };

/** GitHub Releases unless Settings names a mirror (a folder serving electron-builder's latest*.yml). */
export function updateFeed(preferences: Pick<Preferences, 'updateFeedUrl'>): UpdateFeed {
  const url = preferences.updateFeedUrl.trim();
  return url ? { provider: 'generic', url } : { provider: 'github' };
}

export function describeFeed(feed: UpdateFeed): string {
  if (feed.provider === 'github') return 'GitHub Releases';
  // A mirror's address may carry credentials in its userinfo: show only where it points.
  const url = new URL(feed.url);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** How electron-updater is set for a channel. The beta channel reads beta.yml and GitHub prereleases. */
export interface UpdaterOptions {
  readonly channel: 'latest' | 'beta';
  readonly allowPrerelease: boolean;
  readonly allowDowngrade: false;
  /** The core decides (shouldOffer) before anything is downloaded. */
  readonly autoDownload: false;
  /** Installing on an ordinary quit is safe: quitting already settled what happens to running builds. */
  readonly autoInstallOnAppQuit: true;
}

export function updaterOptions(channel: UpdateChannel): UpdaterOptions {
  return {
    channel: channel === 'beta' ? 'beta' : 'latest',
    allowPrerelease: channel === 'beta',
    allowDowngrade: false,
    autoDownload: false,
    autoInstallOnAppQuit: true,
  };
}

export const updateCheckPolicy = {
  /** After start, wait a little so the first check does not slow the window down. */
  firstCheckDelayMs: 30_000,
  /** Then every few hours. */
  intervalMs: 4 * 60 * 60_000,
} as const;

/** Milliseconds until the next check: soon after start, then `intervalMs` after the last one. */
export function nextCheckDelay(lastCheckedAt: number | null, now: number, policy = updateCheckPolicy): number {
  if (lastCheckedAt === null) return policy.firstCheckDelayMs;
  return Math.max(0, lastCheckedAt + policy.intervalMs - now);
}
