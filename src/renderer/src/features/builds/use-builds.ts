import { useEffect, useState } from 'react';
import type { Build, BuildStatus } from '../../../../shared/models/build';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';

export interface BuildQuery {
  readonly repositoryId?: string | undefined;
  readonly status?: BuildStatus | undefined;
  readonly ref?: string | undefined;
  readonly ruleId?: string | undefined;
}

function matches(build: Build, q: BuildQuery): boolean {
  return (!q.repositoryId || build.repositoryId === q.repositoryId) && (!q.status || build.status === q.status) && (!q.ref || build.ref.name === q.ref) && (!q.ruleId || build.ruleId === q.ruleId);
}

/** A build list that stays live: `builds:changed` events update rows in place and add new ones on top. */
export function useBuilds(query: BuildQuery, limit = 100): { builds: readonly Build[] | undefined; problem: Problem | undefined } {
  const client = useClient();
  const [builds, setBuilds] = useState<readonly Build[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const { repositoryId, status, ref, ruleId } = query;
  useEffect(() => {
    let alive = true;
    const q: BuildQuery = { repositoryId, status, ref, ruleId };
    const off = client.on('builds:changed', (build) => {
      setBuilds((current) => {
        if (!current) return current;
        const i = current.findIndex((b) => b.id === build.id);
        if (!matches(build, q)) return i === -1 ? current : current.filter((b) => b.id !== build.id);
        if (i === -1) return [build, ...current].slice(0, limit);
        const next = [...current];
        next[i] = build;
        return next;
      });
    });
    client
      .call('builds:list', { limit, ...(repositoryId ? { repositoryId } : {}), ...(status ? { status } : {}), ...(ref ? { ref } : {}), ...(ruleId ? { ruleId } : {}) })
      .then((list) => alive && (setBuilds(list), setProblem(undefined)))
      .catch((error: unknown) => alive && setProblem(toProblem(error)));
    return () => {
      alive = false;
      off();
    };
  }, [client, repositoryId, status, ref, ruleId, limit]);
  return { builds, problem };
}

export function duration(build: Pick<Build, 'startedAt' | 'finishedAt'>, now: number): string {
  if (!build.startedAt) return '—';
  const ms = (build.finishedAt ? Date.parse(build.finishedAt) : now) - Date.parse(build.startedAt);
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

export const statusLabel: Record<BuildStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
  interrupted: 'Interrupted',
};

export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [active, everyMs]);
  return now;
}
