import type { QueryClient } from '@tanstack/react-query';
import { whenIdle } from './when-idle';

/** Runs a callback at the window's next idle moment. */
export type IdleScheduler = (run: () => void) => void;

const nextIdle: IdleScheduler = (run) => void whenIdle(run);

/**
 * Runs `then` at an idle moment when no query is fetching (what they brought is rendered), or after
 * `capMs` at the latest; returns a cancel.
 *
 * The other pages' chunks are fetched ahead of time so no navigation waits (App.tsx). Fetched as
 * soon as the first page was on screen, their dozen requests took the browser's six connections to
 * the host ahead of the page's own calls, and the Builds page's rows came ~150 ms later (issue 15);
 * run as soon as the calls were answered, they were compiled and run while the rows rendered.
 * Waiting for the page's calls is not enough alone: the window is idle while it waits for an answer,
 * so the idle moment checks again, in case another page's calls started meanwhile.
 */
export function afterQueriesSettle(queries: Pick<QueryClient, 'isFetching' | 'getQueryCache'>, then: () => void, capMs = 5000, idle: IdleScheduler = nextIdle): () => void {
  let done = false;
  let waitingForIdle = false;
  const stop = (): void => {
    done = true;
    unsubscribe();
    clearTimeout(first);
    clearTimeout(cap);
  };
  const finish = (): void => {
    if (done) return;
    stop();
    then();
  };
  const check = (): void => {
    if (done || waitingForIdle || queries.isFetching() > 0) return;
    waitingForIdle = true;
    idle(() => {
      waitingForIdle = false;
      // Still fetching: the cache's next update checks again.
      if (queries.isFetching() === 0) finish();
    });
  };
  const unsubscribe = queries.getQueryCache().subscribe((event) => {
    // A fetch that ends updates its query; the check waits a task, so a fetch that starts right
    // after another ends (a page's next call) is seen before the slot is given away.
    if (event.type === 'updated') setTimeout(check, 0);
  });
  // The first check waits a task, so the queries the first commit mounted have started.
  const first = setTimeout(check, 0);
  const cap = setTimeout(finish, capMs);
  return stop;
}
