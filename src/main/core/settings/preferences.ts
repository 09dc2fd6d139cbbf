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
 * Preferences are validated by zod (preferencesSchema) alone, on every read and write, in both
 * hosts. electron-store is given no JSON schema: its own compiles with ajv at start, which was the
 * largest single cost of starting the host (issue 15), for a check zod already makes. The headless
 * host keeps the same file itself (file-preferences.ts).
 */
export const preferencesFileName = 'preferences';
/** electron-store defaults to 0666 less the umask; it is given this as `configFileMode`. */
export const preferencesFileMode = 0o600;

/** The part of electron-store's API (conf's) the core relies on; file-preferences.ts has the same. */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

export interface PreferenceStore {
  readonly path: string;
  get(): Preferences;
  update(patch: PreferencesPatch): Preferences;
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
