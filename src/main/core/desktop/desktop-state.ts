import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * What the desktop shell remembers that is not a preference: where the window was, and whether
 * the "keeps building in the background" notice was shown. A broken file is forgotten, not fatal.
 */
const rect = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() });
const stateSchema = z.object({
  bounds: rect.nullable().catch(null),
  maximized: z.boolean().catch(false),
  backgroundNoticeShown: z.boolean().catch(false),
});
export type DesktopState = z.infer<typeof stateSchema>;

const empty: DesktopState = { bounds: null, maximized: false, backgroundNoticeShown: false };

export const desktopStateFileName = 'desktop-state.json';

export class DesktopStateFile {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, desktopStateFileName);
  }

  read(): DesktopState {
    try {
      const parsed = stateSchema.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
      return parsed.success ? parsed.data : empty;
    } catch {
      return empty;
    }
  }

  update(patch: Partial<DesktopState>): DesktopState {
    const next = stateSchema.parse({ ...this.read(), ...patch });
    mkdirSync(dirname(this.path), { recursive: true });
    // Written whole and renamed: a crash mid-write leaves the previous file, not half of one.
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify(next, null, 2), { mode: 0o600 });
    renameSync(temp, this.path);
    return next;
  }
}
