import type { Dispatch } from '../core/dispatch';
import type { EventBus } from '../core/events';
import type { HostCore } from './server';

export interface StagedCore extends HostCore {
  /** Reads the rest of the core now if nothing has yet; resolves once every channel is answered by it. */
  complete(): Promise<HostCore>;
}

export interface CoreStages {
  /** The bus the completed core will use too: a socket subscribed now hears the services' events later. */
  readonly bus: EventBus;
  /** The channels the first stage answers, and its door for them. */
  readonly reads: ReadonlySet<string>;
  readonly read: Dispatch;
  /** Reads and builds the rest (the services); called once. */
  readonly complete: () => Promise<HostCore>;
  /**
   * When a call that needs the rest may have it read: the host says when the page has what it
   * asked for, so reading the rest (~150 ms of this thread here) does not hold the page's chunks
   * and reads, nor take a core from its first paint. `complete()` reads it at once regardless.
   */
  readonly whenQuiet: () => Promise<void>;
}

/**
 * A core in two stages (issue 15): the stores answer the reads a page makes first while the rest of
 * the core, most of its code, is still unread; any other call waits for the rest, read once the
 * page is quiet (or when `complete()` is called). Once complete, the completed core answers
 * everything, reads included.
 */
export function stagedCore(stages: CoreStages): StagedCore {
  let full: HostCore | undefined;
  let completing: Promise<HostCore> | undefined;
  let waiting: Promise<HostCore> | undefined;
  let started: (core: Promise<HostCore>) => void = () => undefined;
  const completed = new Promise<HostCore>((resolve) => (started = resolve));
  // A failed read of the rest is met by the calls waiting for it (and ends the headless host).
  completed.catch(() => undefined);
  const complete = (): Promise<HostCore> => {
    if (!completing) {
      // A turn later, so reads made in the same batch as the call are answered before the rest is read.
      completing = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => stages.complete())
        .then((core) => (full = core));
      started(completing);
    }
    return completing;
  };
  // Whichever comes first: the page quiet, or the rest read for another reason (complete()).
  const needed = (): Promise<HostCore> => (waiting ??= Promise.race([stages.whenQuiet().then(complete), completed]));
  return {
    bus: stages.bus,
    complete,
    call: (channel, input) => {
      if (full) return full.call(channel, input);
      if (stages.reads.has(channel)) return stages.read(channel, input);
      return (completing ?? needed()).then((core) => core.call(channel, input));
    },
  };
}
