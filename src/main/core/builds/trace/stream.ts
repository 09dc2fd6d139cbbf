import { decodeStatusResponse, type StatusResponse } from './proto';

/** One message of the Engine API's `POST /build` response, as the build runner needs it. */
export type BuildStreamEvent =
  | { kind: 'trace'; response: StatusResponse }
  | { kind: 'imageId'; id: string }
  /** Plain text the engine writes outside BuildKit's trace (the classic builder, some notices). */
  | { kind: 'stream'; text: string }
  | { kind: 'error'; message: string; code: number | null }
  /** Any other aux message, passed through for whoever knows its id. */
  | { kind: 'aux'; id: string; aux: unknown };

/**
 * A trace message with no content. dockerd 20.10 can send it without end (TESTING.md: millions a
 * minute), so it is recognised by its bytes and counted, never parsed.
 */
const emptyTrace = '{"id":"moby.buildkit.trace","aux":""}';

interface EngineMessage {
  id?: unknown;
  aux?: unknown;
  stream?: unknown;
  status?: unknown;
  progress?: unknown;
  error?: unknown;
  errorDetail?: { message?: unknown; code?: unknown } | null;
}

/**
 * Splits the build response into JSON messages (one per line; a network chunk may end anywhere,
 * even inside a UTF-8 character) and turns each into a BuildStreamEvent. Lines that are not JSON
 * are reported as stream text rather than dropped: an engine error page must still reach the log.
 */
export class BuildStreamParser {
  private readonly decoder = new TextDecoder('utf-8');
  private rest = '';
  /** Empty trace messages read so far: they make no event. */
  emptyTraces = 0;

  push(chunk: Uint8Array | string): BuildStreamEvent[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const events: BuildStreamEvent[] = [];
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.rest += text;
      return events;
    }
    this.message(this.rest + text.slice(0, nl), events);
    this.rest = '';
    start = nl + 1;
    while ((nl = text.indexOf('\n', start)) !== -1) {
      // Length first, then one comparison (a slice of a long string is not a copy): a flood of empty
      // messages costs no JSON.parse, no base64 and no protobuf per message.
      if (nl - start === emptyTrace.length && text.slice(start, nl) === emptyTrace) this.emptyTraces++;
      else this.message(text.slice(start, nl), events);
      start = nl + 1;
    }
    this.rest = text.slice(start);
    return events;
  }

  /** The response ended: parses a last message that had no newline. */
  end(): BuildStreamEvent[] {
    const events: BuildStreamEvent[] = [];
    this.message(this.rest + this.decoder.decode(), events);
    this.rest = '';
    return events;
  }

  private message(line: string, events: BuildStreamEvent[]): void {
    const trimmed = line.trim();
    if (trimmed.length === 0) return;
    if (trimmed === emptyTrace) {
      this.emptyTraces++;
      return;
    }
    let message: EngineMessage;
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      message = parsed as EngineMessage;
    } catch {
      events.push({ kind: 'stream', text: `${trimmed}\n` });
      return;
    }
    if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') {
      events.push({ kind: 'trace', response: decodeStatusResponse(Buffer.from(message.aux, 'base64')) });
      return;
    }
    if (message.error !== undefined || message.errorDetail) {
      const detail = message.errorDetail ?? {};
      const text = typeof detail.message === 'string' ? detail.message : typeof message.error === 'string' ? message.error : 'the build failed';
      events.push({ kind: 'error', message: text, code: typeof detail.code === 'number' ? detail.code : null });
      return;
    }
    if (message.aux !== undefined) {
      const aux = message.aux as { ID?: unknown } | null;
      if (message.id === 'moby.image.id' || (aux && typeof aux === 'object' && typeof aux.ID === 'string' && message.id === undefined)) {
        if (aux && typeof aux.ID === 'string') {
          events.push({ kind: 'imageId', id: aux.ID });
          return;
        }
      }
      events.push({ kind: 'aux', id: typeof message.id === 'string' ? message.id : '', aux: message.aux });
      return;
    }
    if (typeof message.stream === 'string') {
      events.push({ kind: 'stream', text: message.stream });
      return;
    }
    if (typeof message.status === 'string') {
      const progress = typeof message.progress === 'string' ? ` ${message.progress}` : '';
      const id = typeof message.id === 'string' ? `${message.id}: ` : '';
      events.push({ kind: 'stream', text: `${id}${message.status}${progress}\n` });
    }
  }
}
