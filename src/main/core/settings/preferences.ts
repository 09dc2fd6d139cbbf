import { AppError } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';
import { issuePhrase } from '../../../shared/i18n/zod-issue';
import { privateFile } from '../secrets/private-files';
import {
  defaultPreferences,
  preferencesSchema,
  type Preferences,
  type PreferencesPatch,
} from '../../../shared/models/settings';

/**
 * The JSON schema handed to conf (headless) and electron-store (app): both validate with it on every
 * write, so a hand-edited file with a bad value is caught the same way in either host.
 */
export const preferencesJsonSchema = {
  concurrentBuilds: { type: 'integer', minimum: 1, maximum: 16, default: defaultPreferences.concurrentBuilds },
  defaultBuilder: { type: 'string', minLength: 1, maxLength: 64, default: defaultPreferences.defaultBuilder },
  theme: { type: 'string', enum: ['system', 'light', 'dark'], default: defaultPreferences.theme },
  language: { type: 'string', enum: ['system', 'en', 'zh-CN', 'en-XA'], default: defaultPreferences.language },
  watchIntervalSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: defaultPreferences.watchIntervalSeconds },
  hookPort: { type: 'integer', minimum: 0, maximum: 65535, default: defaultPreferences.hookPort },
  hookAddress: { type: 'string', enum: ['loopback', 'all'], default: defaultPreferences.hookAddress },
  openAtLogin: { type: 'boolean', default: defaultPreferences.openAtLogin },
  pauseAutomaticBuilds: { type: 'boolean', default: defaultPreferences.pauseAutomaticBuilds },
  updateChannel: { type: 'string', enum: ['stable', 'beta'], default: defaultPreferences.updateChannel },
  updateFeedUrl: { type: 'string', maxLength: 2048, default: defaultPreferences.updateFeedUrl },
} as const;

export const preferencesFileName = 'preferences';
/** conf and electron-store default to 0666 less the umask; give them this as `configFileMode`. */
export const preferencesFileMode = 0o600;

/** The part of conf's API (which electron-store extends) the core relies on. */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

export interface PreferenceStore {
  readonly path: string;
  get(): Preferences;
  update(patch: PreferencesPatch): Preferences;
}

/**
 * conf and electron-store refuse to open a file that breaks the schema. A hand-edited file should
 * not stop the app: open it without the schema, keep every valid value, write that back, reopen.
 */
export function openWithRepair(open: (validate: boolean) => ConfLike): ConfLike {
  try {
    return open(true);
  } catch {
    const raw = open(false);
    raw.store = repair(raw.store);
    return open(true);
  }
}

function repair(stored: Record<string, unknown>): Preferences {
  const raw = { ...defaultPreferences, ...stored };
  const parsed = preferencesSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const repaired: Record<string, unknown> = { ...defaultPreferences };
  for (const key of Object.keys(defaultPreferences) as (keyof Preferences)[]) {
    const one = preferencesSchema.shape[key].safeParse(raw[key]);
    if (one.success) repaired[key] = one.data;
  }
  return preferencesSchema.parse(repaired);
}

export function createPreferenceStore(backend: ConfLike): PreferenceStore {
  // A backend not given preferencesFileMode (or a file from an older version) is tightened here,
  // at open and after each write: a rewrite would otherwise restore the library's own mode.
  privateFile(backend.path);
  return {
    path: backend.path,
    get() {
      // Unknown keys left by a newer version are ignored; a broken value falls back to its default.
      return repair(backend.store);
    },
    update(patch) {
      const next = preferencesSchema.safeParse({ ...this.get(), ...patch });
      if (!next.success) {
        const issue = next.error.issues[0];
        throw new AppError('invalid_input', issue ? issuePhrase(issue) : phrase('settings.errors.invalid'), phrase('settings.errors.invalidHint'));
      }
      try {
        backend.store = { ...backend.store, ...next.data };
        privateFile(backend.path);
      } catch (error) {
        throw new AppError('internal', phrase('settings.errors.writeFailed'), phrase('settings.errors.writeFailedHint', { path: backend.path }), { cause: error });
      }
      return next.data;
    },
  };
}
