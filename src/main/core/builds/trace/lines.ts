/**
 * Turns one output stream of one vertex (BuildKit's VertexLog chunks) into whole lines. A chunk may
 * end mid-line or mid-UTF-8 character, hold many lines, or redraw a progress bar with `\r`: a line
 * shows what a terminal would have left on screen, the text after its last carriage return.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private rest = '';
  /** When the pending partial line began (the time of the chunk that started it). */
  private restTime: number | null = null;

  /** Lines longer than this are cut, so a stream that never prints a newline stays bounded in memory. */
  constructor(private readonly maxLine = 1 << 20) {}

  /** Calls `emit` for every line completed by this chunk, in order, without its line ending. */
  push(chunk: Uint8Array, time: number | null, emit: (line: string, time: number | null) => void): void {
    const text = this.decoder.decode(chunk, { stream: true });
    if (text.length === 0) return;
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.keep(text, time, emit);
      return;
    }
    // The first line completes the partial line carried over from earlier chunks.
    const first = this.rest + text.slice(0, nl);
    const firstTime = this.rest.length > 0 ? this.restTime : time;
    this.rest = '';
    this.restTime = null;
    emit(visible(first), firstTime);
    start = nl + 1;
    // Most output has no carriage returns at all: then a line is exactly the text between newlines.
    const plain = text.indexOf('\r', start) === -1;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      const line = text.slice(start, nl);
      emit(plain ? line : visible(line), time);
      start = nl + 1;
    }
    if (start < text.length) this.keep(text.slice(start), time, emit);
  }

  /** Whether a partial line is waiting for its newline. */
  get pending(): boolean {
    return this.rest.length > 0;
  }

  /** Emits the partial line, if any (the vertex finished or the stream ended without a newline). */
  flush(emit: (line: string, time: number | null) => void): void {
    const tail = this.decoder.decode();
    const line = this.rest + tail;
    const time = this.restTime;
    this.rest = '';
    this.restTime = null;
    if (line.length > 0) {
      const shown = visible(line);
      if (shown.length > 0) emit(shown, time);
    }
  }

  private keep(text: string, time: number | null, emit: (line: string, time: number | null) => void): void {
    if (this.rest.length === 0) this.restTime = time;
    let rest = this.rest + text;
    // A progress bar redrawn with \r and never ended: only the last drawing can ever be shown.
    const cr = rest.lastIndexOf('\r', rest.length - 2);
    if (cr !== -1) rest = rest.slice(cr + 1);
    while (rest.length >= this.maxLine) {
      emit(visible(rest.slice(0, this.maxLine)), this.restTime);
      rest = rest.slice(this.maxLine);
      this.restTime = time;
    }
    this.rest = rest;
  }
}

/** What a terminal leaves of a line: the text after its last \r (a trailing \r is a CRLF ending). */
export function visible(line: string): string {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  const cr = line.lastIndexOf('\r', end - 1);
  if (cr === -1) return end === line.length ? line : line.slice(0, end);
  return line.slice(cr + 1, end);
}
