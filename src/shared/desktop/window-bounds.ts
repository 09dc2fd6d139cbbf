export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), Math.max(low, high));

/**
 * Where the window opens: the remembered bounds, moved and shrunk onto the display they overlap
 * most so the whole window (its title bar above all) is visible. A display that was unplugged
 * since, or a first start, gives the default size centered on the primary display.
 * `workAreas[0]` is the primary display's work area.
 */
export function placeWindow(saved: Rect | null, workAreas: readonly Rect[], defaults: Size, minimum: Size): Rect {
  const primary = workAreas[0];
  if (!primary) return { x: 0, y: 0, ...defaults };
  let area: Rect | null = null;
  let best = 0;
  if (saved && saved.width > 0 && saved.height > 0) {
    for (const candidate of workAreas) {
      const o = overlap(saved, candidate);
      if (o > best) {
        best = o;
        area = candidate;
      }
    }
  }
  const target = area ?? primary;
  const wanted = area && saved ? saved : { width: saved?.width ?? defaults.width, height: saved?.height ?? defaults.height };
  const width = clamp(wanted.width, Math.min(minimum.width, target.width), target.width);
  const height = clamp(wanted.height, Math.min(minimum.height, target.height), target.height);
  if (!area || !saved) {
    return { x: target.x + Math.round((target.width - width) / 2), y: target.y + Math.round((target.height - height) / 2), width, height };
  }
  return {
    x: clamp(saved.x, target.x, target.x + target.width - width),
    y: clamp(saved.y, target.y, target.y + target.height - height),
    width,
    height,
  };
}
