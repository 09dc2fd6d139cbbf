import { useEffect, useRef, useState } from 'react';
import type { Build, BuildStep } from '../../../../shared/models/build';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';

const page = 50_000;

export interface LiveBuild {
  readonly build: Build | undefined;
  readonly steps: readonly BuildStep[];
  /** The log so far: one array that grows (copying a million lines per update would stall the page). */
  readonly lines: readonly string[];
  /** Changes whenever lines were added. */
  readonly version: number;
  readonly loadingLog: boolean;
  readonly problem: Problem | undefined;
}

/**
 * One build, live: the stored log is read in pages, and `builds:log` events append as they come.
 * Events that arrive while the history is loading are held and merged by line number, so no line
 * is shown twice or lost.
 */
export function useBuild(id: string): LiveBuild {
  const client = useClient();
  const [build, setBuild] = useState<Build | undefined>();
  const [steps, setSteps] = useState<readonly BuildStep[]>([]);
  const [version, setVersion] = useState(0);
  const [loadingLog, setLoadingLog] = useState(true);
  const [problem, setProblem] = useState<Problem | undefined>();
  const store = useRef<string[]>([]);

  useEffect(() => {
    let alive = true;
    store.current = [];
    let loaded = false;
    const held: { from: number; lines: string[] }[] = [];
    let scheduled = false;
    const publish = () => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        if (alive) setVersion((v) => v + 1);
      });
    };
    const place = (from: number, more: readonly string[]) => {
      const have = store.current.length;
      if (from > have) return false;
      for (let i = have - from; i < more.length; i++) store.current.push(more[i] as string);
      return true;
    };
    const offBuild = client.on('builds:changed', (b) => b.id === id && alive && setBuild(b));
    const offSteps = client.on('builds:steps', (s) => s.buildId === id && alive && setSteps(s.steps));
    const offLog = client.on('builds:log', (chunk) => {
      if (chunk.buildId !== id || !alive) return;
      if (!loaded || !place(chunk.from, chunk.lines)) held.push({ from: chunk.from, lines: chunk.lines });
      else publish();
    });
    void (async () => {
      try {
        const first = await client.call('builds:get', { id });
        if (!alive) return;
        setBuild((current) => current ?? first.build);
        setSteps((current) => (current.length ? current : first.steps));
        for (let from = 0; alive; from += page) {
          const chunk = await client.call('builds:log', { id, from, limit: page });
          place(chunk.from, chunk.lines);
          publish();
          if (chunk.lines.length < page) break;
        }
        loaded = true;
        for (const h of held.sort((a, b) => a.from - b.from)) place(h.from, h.lines);
        held.length = 0;
        publish();
      } catch (error) {
        if (alive) setProblem(toProblem(error));
      } finally {
        if (alive) setLoadingLog(false);
      }
    })();
    return () => {
      alive = false;
      offBuild();
      offSteps();
      offLog();
    };
  }, [client, id]);

  return { build, steps, lines: store.current, version, loadingLog, problem };
}
