import { useCallback, useEffect, useState, type RefObject } from 'react';

export interface FixedRow {
  readonly index: number;
  readonly start: number;
}

/**
 * Windowing for rows of one fixed height: the visible range is arithmetic on scrollTop, so adding
 * lines to a million-line log costs the same as to an empty one. (A general virtualizer keeps a
 * measurement per row and rebuilds them when the count changes: at 60 updates a second over 200k
 * rows that was most of the page's time and hundreds of MB of garbage.)
 */
export function useFixedRows(count: number, rowHeight: number, scrollRef: RefObject<HTMLElement | null>, overscan = 20) {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => setScrollTop(el.scrollTop);
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    setViewport(el.clientHeight);
    setScrollTop(el.scrollTop);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [scrollRef, count > 0]);

  const first = Math.min(count, Math.max(0, Math.floor(scrollTop / rowHeight)));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const items: FixedRow[] = [];
  for (let i = start; i < end; i++) items.push({ index: i, start: i * rowHeight });

  const scrollToIndex = useCallback(
    (index: number, align: 'start' | 'center' = 'start') => {
      const el = scrollRef.current;
      if (!el) return;
      const top = index * rowHeight - (align === 'center' ? Math.max(0, (el.clientHeight - rowHeight) / 2) : 0);
      el.scrollTop = Math.max(0, top);
      setScrollTop(el.scrollTop);
    },
    [scrollRef, rowHeight],
  );

  return { items, totalSize: count * rowHeight, firstVisible: first, scrollToIndex };
}
