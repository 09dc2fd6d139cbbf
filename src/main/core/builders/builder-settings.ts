import type { Db } from '../db/database';
import { now } from '../catalog/ids';

export interface BuilderSettings {
  /** Concurrent builds this builder takes. */
  readonly capacity: number;
  /** Declared native platforms; empty means "as the engine says". */
  readonly nativePlatforms: readonly string[];
}

export const defaultBuilderSettings: BuilderSettings = { capacity: 1, nativePlatforms: [] };

interface Row {
  builder_id: string;
  capacity: number;
  native_platforms: string;
}

/** Capacity and declared platforms per builder id ('local' included); missing rows mean the defaults. */
export class BuilderSettingsStore {
  constructor(private readonly db: Db) {}

  get(id: string): BuilderSettings {
    const row = this.db.prepare('SELECT builder_id, capacity, native_platforms FROM builder_settings WHERE builder_id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : defaultBuilderSettings;
  }

  all(): ReadonlyMap<string, BuilderSettings> {
    const rows = this.db.prepare('SELECT builder_id, capacity, native_platforms FROM builder_settings').all() as Row[];
    return new Map(rows.map((row) => [row.builder_id, fromRow(row)]));
  }

  /** The caller checked the builder exists and the values are in range (the contract's schema). */
  set(id: string, settings: BuilderSettings): BuilderSettings {
    this.db
      .prepare(
        `INSERT INTO builder_settings (builder_id, capacity, native_platforms, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (builder_id) DO UPDATE SET capacity = excluded.capacity, native_platforms = excluded.native_platforms, updated_at = excluded.updated_at`,
      )
      .run(id, settings.capacity, JSON.stringify(settings.nativePlatforms), now());
    return this.get(id);
  }
}

function fromRow(row: Row): BuilderSettings {
  let platforms: unknown;
  try {
    platforms = JSON.parse(row.native_platforms);
  } catch {
    platforms = [];
  }
  return {
    capacity: row.capacity,
    nativePlatforms: Array.isArray(platforms) ? platforms.filter((p): p is string => typeof p === 'string') : [],
  };
}
