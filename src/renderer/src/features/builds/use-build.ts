import { useEffect, useRef, useState } from 'react';
import { finishedStatuses, type Build, type BuildStep } from '../../../../shared/models/build';
import { useConnection, useContractEvent, useContractQuery, useLogReader } from '../../api/hooks';
import { toProblem, type Problem } from '../../api/problem';
import { LogAssembly } from './log-assembly';

const page = 50_000;
/** Pages read in one catch-up: a 10-million-line log is far beyond any build here. */
const maxPages = 200;
/**
 * A live chunk can announce lines the stored log does not hold yet (the store writes in batches).
 * While a gap stays open the stored log is read again this often, up to this many times in a row
 * without progress: a held chunk is placed as soon as the store has caught up, never held forever.
 */
const retryMs = 500;
const maxIdleRetries = 60;

interface LogState {
  readonly assembly: LogAssembly;
  syncing: boolean;
  again: boolean;
  idleRetries: number;
  retry: ReturnType<typeof setTimeout> | undefined;
  alive: boolean;
  readonly publish: () => void;
  readonly catchUp: () => void;
}

const idle: LogState = { assembly: new LogAssembly(), syncing: false, again: false, idleRetries: 0, retry: undefined, alive: false, publish: () => undefined, catchUp: () => undefined };

export interface LiveBuild {
  readonly build: Build | undefined;
  readonly steps: readonly BuildStep[];
  /** The log so far: one array that grows. */
  readonly lines: readonly string[];
  /** Changes whenever lines were added. */
  readonly version: number;
  readonly loadingLog: boolean;
  readonly problem: Problem | undefined;
}

/**
 * One build, live. The build and its steps are cached queries kept current by the event map; the
 * log is assembled here from stored pages and `builds:log` chunks by line number. Whenever lines
 * are missing (the page just opened, a chunk came after a gap, the socket came back, the build
 * ended with more lines stored than held) the stored log is read from the last line held.
 */
export function useBuild(id: string): LiveBuild {
  const detail = useContractQuery('builds:get', { id });
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
    const state: LogState = { assembly: new LogAssembly(), syncing: false, again: false, idleRetries: 0, retry: undefined, alive: true, publish, catchUp: () => void sync() };
    log.current = state;
    const sync = async () => {
      if (state.syncing) {
        state.again = true;
        return;
      }
      state.syncing = true;
      if (state.retry) clearTimeout(state.retry);
      state.retry = undefined;
      const before = state.assembly.lines.length;
      try {
        for (let read = 0; read < maxPages && state.alive; read++) {
          const chunk = await readLog({ id, from: state.assembly.lines.length, limit: page });
          if (!state.alive) return;
          const added = state.assembly.offer(chunk.from, chunk.lines);
          if (added) publish();
          // A full page means more is stored; a short one that left a gap means the held chunk is
          // not stored yet: the retry below (or the next chunk, or the build's end) asks again.
          if (chunk.lines.length < page) break;
        }
        setLogProblem(undefined);
      } catch (error) {
        if (state.alive) setLogProblem(toProblem(error));
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
      state.idleRetries = state.assembly.lines.length > before ? 0 : state.idleRetries + 1;
      if (state.assembly.gap && state.idleRetries < maxIdleRetries) state.retry = setTimeout(() => void sync(), retryMs);
    };
    void sync();
    return () => {
      state.alive = false;
      if (state.retry) clearTimeout(state.retry);
    };
  }, [id, readLog]);

  useContractEvent('builds:log', (chunk) => {
    if (chunk.buildId !== id) return;
    const state = log.current;
    // Before the effect below ran there is nothing to add to: the first read brings these lines.
    if (!state.alive) return;
    if (state.assembly.offer(chunk.from, chunk.lines)) state.publish();
    if (state.assembly.gap) state.catchUp();
  });

  // The stream came back after a gap: whatever was sent meanwhile is read from the stored log.
  const firstEpoch = useRef(epoch);
  useEffect(() => {
    if (epoch !== firstEpoch.current) log.current.catchUp();
  }, [epoch]);

  // The build ended with more lines stored than held (the last chunk was lost): read the rest.
  const build = detail.data?.build;
  const finished = build ? finishedStatuses.includes(build.status) : false;
  const storedLines = build?.logLines ?? 0;
  useEffect(() => {
    if (finished && storedLines > log.current.assembly.lines.length) log.current.catchUp();
  }, [finished, storedLines]);

  return { build, steps: detail.data?.steps ?? [], lines: log.current.assembly.lines, version, loadingLog, problem: detail.problem ?? logProblem };
}
