import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface FixedRow {
  readonly index: number;
  readonly start: number;
  /**
   * A key that stays with a screen position, not with a line: rows keyed by it are reused as the
   * view moves, so following a log that grows by thousands of lines a frame updates the text of the
   * same elements instead of removing and creating all of them (and their style and layout).
   */
  readonly slot: number;
}

/**
 * Windowing for rows of one fixed height: the visible range is arithmetic on scrollTop, so adding
 * lines to a million-line log costs the same as to an empty one. (A general virtualizer keeps a
 * measurement per row and rebuilds them when the count changes: at 60 updates a second over 200k
 * rows that was most of the page's time and hundreds of MB of garbage.)
 */
export function useFixedRows(count: number, rowHeight: number, scrollRef: RefObject<HTMLElement | null>, overscan = 20, pinnedToEnd = false) {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const pinned = useRef(pinnedToEnd);
  pinned.current = pinnedToEnd;

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      // Following the tail, the window comes from the count: the scroll that only kept the view at
      // the end needs no render of its own (in a flood it was a second render and layout per batch).
      if (pinned.current && el.scrollHeight - el.scrollTop - el.clientHeight <= 1) return;
      setScrollTop(el.scrollTop);
    };
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

  // Let go of the tail without a scroll (the Follow button): the window is wherever the view stands.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && !pinnedToEnd) setScrollTop(el.scrollTop);
  }, [pinnedToEnd, scrollRef]);

  // Following the tail, the window is the end of the log now, not where the last scroll event
  // left it: otherwise each growth renders the old window, scrolls, and renders again a frame later.
  const top = pinnedToEnd ? Math.max(0, count * rowHeight - viewport) : scrollTop;
  const first = Math.min(count, Math.max(0, Math.floor(top / rowHeight)));
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, Math.ceil((top + viewport) / rowHeight) + overscan);
  // As many slots as rows: consecutive lines never share one, a line that stays in view keeps its
  // slot when the window moves by a few lines, and a window of the same size reuses every slot.
  const slots = Math.max(1, end - start);
  const items: FixedRow[] = [];
  for (let i = start; i < end; i++) items.push({ index: i, start: i * rowHeight, slot: i % slots });

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
