import type { QueryClient } from '@tanstack/react-query';

/**
 * Runs `then` once no query is fetching and the window is idle (what they brought is rendered), or
 * after `capMs` at the latest; returns a cancel.
 *
 * The other pages' chunks are fetched ahead of time so no navigation waits (App.tsx). Fetched as
 * soon as the first page was on screen, their dozen requests took the browser's six connections to
 * the host ahead of the page's own calls, and the Builds page's rows came ~150 ms later (issue 15);
 * run as soon as the calls were answered, they were compiled and run while the rows rendered.
 * The first check waits a task, so the queries the first commit mounted have started.
 */
export function afterQueriesSettle(queries: Pick<QueryClient, 'isFetching' | 'getQueryCache'>, then: () => void, capMs = 5000): () => void {
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    unsubscribe();
    clearTimeout(first);
    clearTimeout(cap);
    then();
  };
  let settled = false;
  const check = (): void => {
    if (settled || queries.isFetching() > 0) return;
    settled = true;
    // Chromium (Electron's window) has it; where it is missing (plain Node in the tests, older Safari), a task later.
    if (typeof requestIdleCallback === 'function') requestIdleCallback(finish, { timeout: 1000 });
    else setTimeout(finish, 0);
  };
  const unsubscribe = queries.getQueryCache().subscribe((event) => {
    // A fetch that ends updates its query; the check waits a task, so a fetch that starts right
    // after another ends (a page's next call) is seen before the slot is given away.
    if (event.type === 'updated') setTimeout(check, 0);
  });
  const first = setTimeout(check, 0);
  const cap = setTimeout(finish, capMs);
  return () => {
    done = true;
    unsubscribe();
    clearTimeout(first);
    clearTimeout(cap);
  };
}
