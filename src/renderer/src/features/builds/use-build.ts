import { useCallback, useEffect, useRef, useState } from 'react';
import type { Build, BuildStep } from '../../../../shared/models/build';
import { finishedStatuses } from '../../../../shared/models/build-status';
import { useConnection, useContractEvent, useContractQuery, useLogReader } from '../../api/hooks';
import { toProblem, type Problem } from '../../api/problem';
import { LogAssembly } from './log-assembly';

const page = 50_000;
/** Reads in one catch-up: a 10-million-line log is far beyond any build here. */
const maxPages = 200;
/**
 * A live chunk can announce lines the stored log does not hold yet (the store writes in batches).
 * While a read comes back short the stored log is read again this often, up to this many times in
 * a row without progress: a hole is filled as soon as the store has caught up, never waited on forever.
 */
const retryMs = 500;
const maxIdleRetries = 60;
/**
 * The lines the host skipped in a flood (it sends each batch's tail) are read once the flood has
 * been quiet this long: reading them while it lasts would cost the page what skipping saved.
 * Lines in view, a search, a copy or a download read them at once.
 */
const quietMs = 1000;
/** Lines read on each side of the view when it shows a hole, so a short scroll finds them there. */
const viewMargin = 500;

interface LogState {
  readonly assembly: LogAssembly;
  syncing: boolean;
  again: boolean;
  idleRetries: number;
  retry: ReturnType<typeof setTimeout> | undefined;
  alive: boolean;
  /** The stored log may hold lines past the end: read from there until a short page. */
  endWanted: boolean;
  /** Rows the view shows, [from, to). */
  view: { from: number; to: number } | null;
  /** Everything is wanted now (a search, a copy, a download). */
  allWanted: boolean;
  /** When the last chunk that skipped lines arrived (Date.now()). */
  lastSkipAt: number;
  /** Called once no hole is left (or reading stopped making progress). */
  waiting: (() => void)[];
  readonly publish: () => void;
  readonly catchUp: () => void;
  readonly sync: () => void;
}

const noop = () => undefined;
const idle: LogState = {
  assembly: new LogAssembly(),
  syncing: false,
  again: false,
  idleRetries: 0,
  retry: undefined,
  alive: false,
  endWanted: false,
  view: null,
  allWanted: false,
  lastSkipAt: 0,
  waiting: [],
  publish: noop,
  catchUp: noop,
  sync: noop,
};

/** One build and its steps, kept current by the event map. */
export interface LiveBuild {
  readonly build: Build | undefined;
  readonly steps: readonly BuildStep[];
  readonly problem: Problem | undefined;
}

export function useBuild(id: string): LiveBuild {
  const detail = useContractQuery('builds:get', { id });
  return { build: detail.data?.build, steps: detail.data?.steps ?? [], problem: detail.problem };
}

/** A build's log, live. */
export interface LiveLog {
  /** The log so far: one array that grows. A line not read yet holds '' and is `missing`. */
  readonly lines: readonly string[];
  /** Whether a line (0-based) is known to exist but not read yet. */
  readonly missing: (line: number) => boolean;
  /** No line is missing. */
  readonly complete: boolean;
  /** Changes whenever lines were added or filled in. */
  readonly version: number;
  readonly loadingLog: boolean;
  readonly problem: Problem | undefined;
  /** The view shows rows [from, to): missing lines there are read at once. */
  readonly showing: (from: number, to: number) => void;
  /** Reads every missing line; resolves when none is left (or reading them failed). */
  readonly readAll: () => Promise<void>;
}

/**
 * One build's log, live, assembled from stored pages and `builds:log` chunks by line number. Only
 * the component showing the log calls this: a flood re-renders it every frame, and nothing else. Lines past the
 * end are read from the stored log when the page opens, when the socket came back and when the build
 * ended with more lines stored than held. Lines skipped inside the log (a flood's batches come as
 * their tails) are read when they come into view, when all are wanted, or once the flood is quiet.
 */
export function useBuildLog(build: Build): LiveLog {
  const id = build.id;
  const readLog = useLogReader();
  const { epoch } = useConnection();
  const [version, setVersion] = useState(0);
  const [loadingLog, setLoadingLog] = useState(true);
  const [logProblem, setLogProblem] = useState<Problem | undefined>();
  const log = useRef<LogState>(idle);

  useEffect(() => {
    let scheduled = false;
    const publish = () => {
      // One render per frame however many chunks arrive.
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        if (state.alive) setVersion((v) => v + 1);
      });
    };
    const state: LogState = {
      assembly: new LogAssembly(),
      syncing: false,
      again: false,
      idleRetries: 0,
      retry: undefined,
      alive: true,
      endWanted: true,
      view: null,
      allWanted: false,
      lastSkipAt: 0,
      waiting: [],
      publish,
      catchUp: () => {
        state.endWanted = true;
        void sync();
      },
      sync: () => void sync(),
    };
    log.current = state;
    const quiet = () => Date.now() - state.lastSkipAt >= quietMs;
    /** The next read: missing lines in view first, then the other holes when wanted or quiet, then the end. */
    const nextRead = (): { from: number; limit: number; end: boolean } | null => {
      const { holes } = state.assembly;
      const view = state.view;
      if (view) {
        const shown = holes.find((h) => h.from < view.to && h.to > view.from);
        if (shown) {
          const from = Math.max(shown.from, view.from - viewMargin);
          return { from, limit: Math.min(page, Math.min(shown.to, view.to + viewMargin) - from), end: false };
        }
      }
      const first = holes[0];
      if (first && (state.allWanted || quiet())) return { from: first.from, limit: Math.min(page, first.to - first.from), end: false };
      if (state.endWanted) return { from: state.assembly.lines.length, limit: page, end: true };
      return null;
    };
    const settleWaiting = () => {
      const waiting = state.waiting;
      state.waiting = [];
      for (const resolve of waiting) resolve();
    };
    const sync = async () => {
      if (state.syncing) {
        state.again = true;
        return;
      }
      state.syncing = true;
      if (state.retry) clearTimeout(state.retry);
      state.retry = undefined;
      let progress = false;
      let short = false;
      let failed = false;
      let reads = 0;
      try {
        for (; reads < maxPages && state.alive; reads++) {
          const next = nextRead();
          if (!next) break;
          const chunk = await readLog({ id, from: next.from, limit: next.limit });
          if (!state.alive) return;
          if (state.assembly.offer(chunk.from, chunk.lines)) {
            progress = true;
            publish();
          }
          if (chunk.lines.length < next.limit) {
            // At the end, a short page is the end. Inside the log, the store has not caught up with
            // the chunk that made the hole: the retry below (or the next chunk) asks again.
            if (next.end) state.endWanted = false;
            else {
              short = true;
              break;
            }
          }
        }
        setLogProblem(undefined);
      } catch (error) {
        if (state.alive) setLogProblem(toProblem(error));
        short = failed = true;
      } finally {
        state.syncing = false;
        if (state.alive) setLoadingLog(false);
      }
      if (!state.alive) return;
      if (state.again) {
        state.again = false;
        void sync();
        return;
      }
      // Only reads count towards giving up: a look that found nothing to read yet is not a stall.
      if (reads > 0 || failed) state.idleRetries = progress ? 0 : state.idleRetries + 1;
      if (state.assembly.complete) state.allWanted = false;
      const stuck = state.idleRetries >= maxIdleRetries;
      // A copy or a download waiting for every line goes ahead with what there is once reading failed.
      if (state.assembly.complete || stuck || failed) settleWaiting();
      if (stuck) return;
      if (short || state.endWanted) state.retry = setTimeout(() => void sync(), retryMs);
      // Holes left for a quieter moment: come back when the flood has been quiet long enough.
      else if (!state.assembly.complete) state.retry = setTimeout(() => void sync(), Math.max(0, quietMs - (Date.now() - state.lastSkipAt)) + 20);
    };
    void sync();
    return () => {
      state.alive = false;
      if (state.retry) clearTimeout(state.retry);
      settleWaiting();
    };
  }, [id, readLog]);

  useContractEvent('builds:log', (chunk) => {
    if (chunk.buildId !== id) return;
    const state = log.current;
    // Before the effect below ran there is nothing to add to: the first read brings these lines.
    if (!state.alive) return;
    const skipped = chunk.from > state.assembly.lines.length;
    if (state.assembly.offer(chunk.from, chunk.lines)) state.publish();
    if (skipped) {
      state.lastSkipAt = Date.now();
      // Read now if what was skipped is in view or wanted; otherwise the sync's timer waits for quiet.
      if (!state.syncing && !state.retry) state.sync();
    }
  });

  // The stream came back after a gap: whatever was sent meanwhile is read from the stored log.
  const firstEpoch = useRef(epoch);
  useEffect(() => {
    if (epoch !== firstEpoch.current) log.current.catchUp();
  }, [epoch]);

  // The build ended with more lines stored than held (the last chunk was lost): read the rest.
  const finished = finishedStatuses.includes(build.status);
  const storedLines = build.logLines;
  useEffect(() => {
    if (finished && storedLines > log.current.assembly.lines.length) log.current.catchUp();
  }, [finished, storedLines]);

  const showing = useCallback((from: number, to: number) => {
    const state = log.current;
    state.view = { from, to };
    if (state.assembly.holes.some((h) => h.from < to && h.to > from)) state.sync();
  }, []);
  const readAll = useCallback(() => {
    const state = log.current;
    if (!state.alive || state.assembly.complete) return Promise.resolve();
    state.allWanted = true;
    const done = new Promise<void>((resolve) => state.waiting.push(resolve));
    state.sync();
    return done;
  }, []);
  const assembly = log.current.assembly;
  const missing = useCallback((line: number) => assembly.missing(line), [assembly]);

  return { lines: assembly.lines, missing, complete: assembly.complete, version, loadingLog, problem: logProblem, showing, readAll };
}
