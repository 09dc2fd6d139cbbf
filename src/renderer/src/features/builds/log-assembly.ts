/** Lines [from, to) the page knows exist but has not read yet. */
export interface LogHole {
  readonly from: number;
  readonly to: number;
}

/**
 * A build log put together from stored pages and live chunks, by line number: a line is placed once
 * whichever source brings it first. A chunk that starts past the end (lines were missed while the
 * socket was away, or the host sent only the tail of a flood) is placed at once, and the lines
 * before it become a hole: they are counted and shown as not read yet until a read of the stored
 * log fills them. Following a step that prints 100,000 lines a second then costs the page the
 * lines it shows, not every line.
 */
export class LogAssembly {
  /** One array that grows: copying a million lines per update would stall the page. A line in a hole holds ''. */
  readonly lines: string[] = [];
  /** Sorted, disjoint, inside [0, lines.length). */
  #holes: LogHole[] = [];

  /** True when lines were added or filled in. */
  offer(from: number, more: readonly string[]): boolean {
    if (from > this.lines.length) {
      this.#holes.push({ from: this.lines.length, to: from });
      for (let i = this.lines.length; i < from; i++) this.lines.push('');
    }
    const filled = this.#fill(from, Math.min(from + more.length, this.lines.length), more);
    const before = this.lines.length;
    for (let i = before - from; i < more.length; i++) this.lines.push(more[i] as string);
    return filled || this.lines.length > before;
  }

  get holes(): readonly LogHole[] {
    return this.#holes;
  }

  /** Every line up to the end is read. */
  get complete(): boolean {
    return this.#holes.length === 0;
  }

  /** Whether line `index` (0-based) is in a hole. */
  missing(index: number): boolean {
    // Holes are few (one per flood batch at most) and sorted: a row costs a short scan.
    for (const hole of this.#holes) {
      if (index < hole.from) return false;
      if (index < hole.to) return true;
    }
    return false;
  }

  /** Fills what `more` (starting at `from`) holds of the holes in [from, to). */
  #fill(from: number, to: number, more: readonly string[]): boolean {
    if (from >= to || this.#holes.length === 0) return false;
    let filled = false;
    const next: LogHole[] = [];
    for (const hole of this.#holes) {
      const a = Math.max(hole.from, from);
      const b = Math.min(hole.to, to);
      if (a >= b) {
        next.push(hole);
        continue;
      }
      for (let i = a; i < b; i++) this.lines[i] = more[i - from] as string;
      filled = true;
      if (hole.from < a) next.push({ from: hole.from, to: a });
      if (b < hole.to) next.push({ from: b, to: hole.to });
    }
    this.#holes = next;
    return filled;
  }
}
