interface Chunk {
  readonly from: number;
  readonly lines: readonly string[];
}

/**
 * A build log put together from stored pages and live chunks, by line number: a line is placed once
 * whichever source brings it first. A chunk that starts past the end (lines were missed while the
 * socket was away, or are still being read) is held, and `gap` says someone must read the stored
 * log from `lines.length` so the held chunks can follow.
 */
export class LogAssembly {
  /** One array that grows: copying a million lines per update would stall the page. */
  readonly lines: string[] = [];
  #held: Chunk[] = [];

  /** True when lines were added. */
  offer(from: number, more: readonly string[]): boolean {
    if (from > this.lines.length) {
      this.#held.push({ from, lines: more });
      return false;
    }
    const added = this.#place(from, more);
    return this.drain() || added;
  }

  /** Places every held chunk that now touches the end; drops those already covered. */
  drain(): boolean {
    let added = false;
    let progress = true;
    while (progress && this.#held.length > 0) {
      progress = false;
      const rest: Chunk[] = [];
      for (const chunk of this.#held.sort((a, b) => a.from - b.from)) {
        if (chunk.from <= this.lines.length) {
          if (this.#place(chunk.from, chunk.lines)) added = progress = true;
        } else rest.push(chunk);
      }
      this.#held = rest;
    }
    return added;
  }

  get gap(): boolean {
    return this.#held.length > 0;
  }

  #place(from: number, more: readonly string[]): boolean {
    const before = this.lines.length;
    for (let i = before - from; i < more.length; i++) this.lines.push(more[i] as string);
    return this.lines.length > before;
  }
}
