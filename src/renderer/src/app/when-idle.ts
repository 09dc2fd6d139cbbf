/**
 * Runs `run` at the window's next idle moment, or after `timeoutMs` at the latest; returns a cancel.
 * Where requestIdleCallback is missing (plain Node in the tests, older Safari), a task later.
 */
export function whenIdle(run: () => void, timeoutMs = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
}
