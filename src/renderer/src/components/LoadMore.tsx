import { useEffect, useRef } from 'react';
import type { ContractCursorPages, CursorChannel } from '../api/hooks';

/**
 * The end of a paged list: a button (reachable by Tab, pressed with Enter or Space) that reads the
 * next page, pressed by itself when scrolling brings it into view, so scrolling down simply goes on.
 */
export function LoadMore({ pages, label, loading }: { readonly pages: Pick<ContractCursorPages<CursorChannel>, 'hasMore' | 'loadMore' | 'loadingMore'>; readonly label: string; readonly loading: string }) {
  const button = useRef<HTMLButtonElement>(null);
  const { hasMore, loadMore, loadingMore } = pages;
  const latest = useRef(loadMore);
  latest.current = loadMore;
  useEffect(() => {
    const target = button.current;
    if (!target || !hasMore || loadingMore || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver((entries) => {
      // Focused by keyboard (which scrolls it into view too), the button waits for its own press.
      if (entries.some((e) => e.isIntersecting) && document.activeElement !== target) latest.current();
    });
    seen.observe(target);
    return () => seen.disconnect();
  }, [hasMore, loadingMore]);
  if (!hasMore) return null;
  // aria-disabled rather than disabled: a disabled button would drop the keyboard focus on each press.
  return (
    <div className="load-more">
      <button ref={button} type="button" className="ghost" aria-disabled={loadingMore || undefined} aria-busy={loadingMore || undefined} onClick={() => loadingMore || loadMore()}>
        {loadingMore ? loading : label}
      </button>
    </div>
  );
}
