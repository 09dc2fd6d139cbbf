import { useEffect, useState } from 'react';
import type { Build } from '../../../../shared/models/build';
import { useContractCursorPages, type ContractCursorPages } from '../../api/hooks';
import { buildHistoryInput, type BuildQuery } from './history-input';

/** The whole history, 50 builds a page, newest first; the event map keeps the pages read so far live. */
export function useBuildHistory(query: BuildQuery): ContractCursorPages<'builds:page'> {
  return useContractCursorPages('builds:page', buildHistoryInput(query));
}

/** How long a build ran, or has been running at `now` (epoch ms); null before it starts. */
export function buildDurationMs(build: Pick<Build, 'startedAt' | 'finishedAt'>, now: number): number | null {
  if (!build.startedAt) return null;
  return Math.max(0, (build.finishedAt ? Date.parse(build.finishedAt) : now) - Date.parse(build.startedAt));
}

export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [active, everyMs]);
  return now;
}
