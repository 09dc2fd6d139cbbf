import { z } from 'zod';
import { languageChoices, pseudoLocale } from '../i18n/locales';

/** Preferences a user edits in Settings. Stored by electron-store / conf with the same schema. */
export const preferencesSchema = z.object({
  concurrentBuilds: z.number().int().min(1).max(16),
  defaultBuilder: z.string().min(1).max(64),
  theme: z.enum(['system', 'light', 'dark']),
  /** system: the system's language (Electron's locale, the browser's in the headless host). en-XA is the layout-check pseudo-locale. */
  language: z.enum([...languageChoices, pseudoLocale]),
  /** How often the remote watcher asks each bound repository for its refs (jittered ±10%). */
  watchIntervalSeconds: z.number().int().min(1).max(3600),
  /** The inbound push-hook listener's port; 0 keeps it off. */
  hookPort: z.number().int().min(0).max(65535),
  /** loopback: only this machine (a tunnel forwards to it); all: the LAN too (a LAN GitLab). */
  hookAddress: z.enum(['loopback', 'all']),
  /** Desktop app: start (hidden, in the tray) when the user logs in. The headless host ignores it. */
  openAtLogin: z.boolean(),
  /** Held while true: the watcher stops asking and pushes wait; on resume what changed meanwhile is built. */
  pauseAutomaticBuilds: z.boolean(),
  /** stable: releases only; beta: prereleases too. */
  updateChannel: z.enum(['stable', 'beta']),
  /** Empty: GitHub Releases. Otherwise a mirror serving electron-builder's latest*.yml files (generic provider). */
  updateFeedUrl: z.union([z.literal(''), z.string().trim().max(2048).url('settings.validation.feedUrl').refine((v) => /^https:\/\//i.test(v), 'settings.validation.httpsOnly')]),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const defaultPreferences: Preferences = {
  concurrentBuilds: 2,
  defaultBuilder: 'local',
  theme: 'system',
  language: 'system',
  watchIntervalSeconds: 30,
  hookPort: 0,
  hookAddress: 'loopback',
  openAtLogin: false,
  pauseAutomaticBuilds: false,
  updateChannel: 'stable',
  updateFeedUrl: '',
};

export const preferencesPatchSchema = preferencesSchema.partial().strict();
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>;
