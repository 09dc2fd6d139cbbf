import { useFixedRows } from './fixed-rows';
import { useCallback, useEffect, useId, useImperativeHandle, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type Ref } from 'react';
import {
  ansiSegments,
  firstMatchAtOrAfter,
  logTextParts,
  markMatches,
  matchLimit,
  rangesOnLine,
  searchLines,
  type LogSegment,
  type SearchState,
} from './log-text';
import { phrase, type Text } from '../../../../shared/i18n/phrase';
import { useT } from '../../i18n/use-t';

/** Fixed row height: with one height for every line, a million lines cost nothing to lay out. */
const rowHeight = 18;
/** How close to the bottom (px) still counts as "at the bottom" for following the tail. */
const bottomSlack = rowHeight * 2;

export interface LogViewerHandle {
  /** Scrolls so `line` (0-based) is at the top, marks it, and stops following the tail. */
  scrollToLine(line: number): void;
  /** Moves keyboard focus into the log. */
  focus(): void;
}

export interface LogViewerProps {
  /** The whole log so far; may grow (live) by a new array or by the same array with more lines. */
  lines: readonly string[];
  /** The build is still running: new lines are followed while the view is at the bottom. */
  live: boolean;
  /** Name for "Download" (`.log` is added when missing). */
  fileName: string;
  /** Accessible name of the log region ("Build log" when not given). */
  label?: string;
  /** Whether a line is counted but not read yet (shown as a blank row until it is). */
  missing?: (line: number) => boolean;
  /** No line is missing; false asks `readAll` before a search, a copy or a download. */
  complete?: boolean;
  /** Told the rows on screen after each render, so missing ones are read first. */
  onShowing?: (from: number, to: number) => void;
  /** Reads every missing line; resolves once `lines` (the same array) holds them. */
  readAll?: () => Promise<void>;
  ref?: Ref<LogViewerHandle>;
}

function segmentStyle(segment: LogSegment): CSSProperties | undefined {
  if (!segment.fg && !segment.bg && !segment.bold && !segment.dim && !segment.italic && !segment.underline && !segment.strike) return undefined;
  const decoration = [segment.underline ? 'underline' : '', segment.strike ? 'line-through' : ''].filter(Boolean).join(' ');
  return {
    color: segment.fg ?? undefined,
    backgroundColor: segment.bg ?? undefined,
    fontWeight: segment.bold ? 700 : undefined,
    opacity: segment.dim ? 0.7 : undefined,
    fontStyle: segment.italic ? 'italic' : undefined,
    textDecoration: decoration || undefined,
  };
}

function LineText({ text, matches, line, current }: { text: string; matches: SearchState | null; line: number; current: number }) {
  const segments = markMatches(ansiSegments(text), matches ? rangesOnLine(matches.matches, line, current) : []);
  return (
    <span className="log-text">
      {segments.map((segment, i) =>
        segment.match === 'none' ? (
          <span key={i} style={segmentStyle(segment)}>
            {segment.text}
          </span>
        ) : (
          <mark key={i} className={segment.match === 'current' ? 'log-match current' : 'log-match'} style={segmentStyle(segment)}>
            {segment.text}
          </mark>
        ),
      )}
    </span>
  );
}

const never = () => false;

export function LogViewer({ lines, live, fileName, label: givenLabel, missing = never, complete = true, onShowing, readAll, ref }: LogViewerProps) {
  const { t, word } = useT();
  const label = givenLabel ?? t('builds.log.label');
  const count = lines.length;
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [follow, setFollow] = useState(true);
  const [target, setTarget] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [searchedQuery, setSearchedQuery] = useState('');
  const [search, setSearch] = useState<SearchState | null>(null);
  const [current, setCurrent] = useState(-1);
  // A phrase, worded when shown: a language change also rewords the last announcement.
  const [notice, setNotice] = useState<Text>('');
  const firstLine = useRef<string | undefined>(undefined);
  const searchId = useId();

  // A log followed while the build ran keeps following once it ended: the last lines can reach the
  // page after the build's status does (a catch-up read after the end, a socket that lagged).
  const tailing = useRef(false);
  if (live) tailing.current = true;

  const virtualizer = useFixedRows(count, rowHeight, scrollRef, 20, tailing.current && follow);

  // Follow the tail: after the new height is in the DOM, jump to the bottom.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && tailing.current && follow && count > 0) el.scrollTop = el.scrollHeight;
  }, [count, live, follow]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= bottomSlack;
    setFollow((was) => (was === atBottom ? was : atBottom));
  }, []);

  // Typing is debounced: a new query over a million lines is one pass of a few hundred ms.
  useEffect(() => {
    const timer = setTimeout(() => setSearchedQuery(query), query.length === 0 ? 0 : 150);
    return () => clearTimeout(timer);
  }, [query]);

  // Search, continuing over appended lines when the log only grew. A log with lines not read yet
  // reads them first; once they are in, the search starts over, since it passed them as blanks.
  const wasComplete = useRef(complete);
  useEffect(() => {
    const sameLog = firstLine.current === lines[0];
    firstLine.current = lines[0];
    const filledIn = complete && !wasComplete.current;
    wasComplete.current = complete;
    if (searchedQuery === '') {
      setSearch(null);
      setCurrent(-1);
      return;
    }
    if (!complete) void readAll?.();
    setSearch((previous) => {
      const resumable = previous && sameLog && !filledIn && previous.query === searchedQuery && previous.scanned <= count ? previous : undefined;
      if (resumable && resumable.scanned === count) return resumable;
      return searchLines(lines, searchedQuery, resumable);
    });
  }, [lines, count, searchedQuery, complete, readAll]);

  const matchCount = search?.matches.length ?? 0;

  const showMatch = useCallback(
    (index: number) => {
      const match = search?.matches[index];
      if (!match) return;
      setCurrent(index);
      setFollow(false);
      virtualizer.scrollToIndex(match.line, 'center');
    },
    [search, virtualizer],
  );

  // A new query selects the first match at or below the top of the view; so does a query whose
  // first match came later (lines read in after the search began, or printed since).
  const lastQuery = useRef('');
  useEffect(() => {
    if (!search) return;
    if (search.query === lastQuery.current && (current >= 0 || search.matches.length === 0)) return;
    lastQuery.current = search.query;
    if (search.matches.length === 0) {
      setCurrent(-1);
      return;
    }
    const top = virtualizer.firstVisible;
    showMatch(firstMatchAtOrAfter(search.matches, top) % search.matches.length);
  }, [search, current, showMatch, virtualizer]);

  const step = useCallback(
    (delta: 1 | -1) => {
      if (matchCount === 0) return;
      showMatch(((current < 0 ? (delta > 0 ? -1 : 0) : current) + delta + matchCount) % matchCount);
    },
    [current, matchCount, showMatch],
  );

  const focusLog = useCallback(() => scrollRef.current?.focus(), []);

  useImperativeHandle(
    ref,
    () => ({
      scrollToLine(line: number) {
        if (line < 0 || line >= count) return;
        setFollow(false);
        setTarget(line);
        virtualizer.scrollToIndex(line, 'start');
      },
      focus: focusLog,
    }),
    [count, virtualizer, focusLog],
  );

  const followTail = () => {
    setFollow(true);
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  };

  const selectedText = (): string => {
    const selection = window.getSelection();
    const el = scrollRef.current;
    if (!selection || selection.isCollapsed || !el) return '';
    if (!el.contains(selection.anchorNode) || !el.contains(selection.focusNode)) return '';
    return selection.toString();
  };

  const copy = async () => {
    const selected = selectedText();
    if (!selected && !complete) {
      setNotice(phrase('builds.log.readingAll'));
      await readAll?.();
    }
    const text = selected || logTextParts(lines).join('');
    try {
      await navigator.clipboard.writeText(text);
      setNotice(selected ? phrase('builds.log.copiedSelection') : phrase('builds.log.copiedAll', { count }));
    } catch {
      setNotice(phrase('builds.log.clipboardUnavailable'));
    }
  };

  const download = async () => {
    if (!complete) {
      setNotice(phrase('builds.log.readingAll'));
      await readAll?.();
    }
    const blob = new Blob(logTextParts(lines), { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName.endsWith('.log') ? fileName : `${fileName}.log`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // The download has its own copy once started; the URL only has to outlive the click.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setNotice(phrase('builds.log.saved', { file: a.download }));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'f') {
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    } else if ((mod && event.key.toLowerCase() === 'g') || event.key === 'F3') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    }
  };

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setQuery('');
      focusLog();
    }
  };

  const onLogKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const el = scrollRef.current;
    if (!el) return;
    if (event.key === 'End' && !event.shiftKey) {
      event.preventDefault();
      followTail();
    } else if (event.key === 'Home' && !event.shiftKey) {
      event.preventDefault();
      setFollow(false);
      el.scrollTop = 0;
    }
  };

  const counter =
    searchedQuery === '' || !search
      ? ''
      : !complete
        ? t('builds.log.readingAll')
      : matchCount === 0
        ? t('builds.log.noMatches')
        : t(search.capped ? 'builds.log.matchOfCapped' : 'builds.log.matchOf', { current: current >= 0 ? current + 1 : 0, total: matchCount });

  const items = virtualizer.items;
  const shownFrom = items[0]?.index ?? 0;
  const shownTo = (items.at(-1)?.index ?? -1) + 1;
  useEffect(() => {
    if (shownTo > shownFrom) onShowing?.(shownFrom, shownTo);
  }, [shownFrom, shownTo, onShowing, complete]);

  return (
    <section className="log-viewer" onKeyDown={onKeyDown} aria-label={label}>
      <div className="log-toolbar" role="toolbar" aria-label={t('builds.log.tools')}>
        <label className="visually-hidden" htmlFor={searchId}>
          {t('builds.log.search')}
        </label>
        <input
          id={searchId}
          ref={searchRef}
          className="log-search"
          type="search"
          placeholder={t('builds.log.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKeyDown}
          aria-describedby={`${searchId}-count`}
        />
        <span id={`${searchId}-count`} className="log-count muted small" aria-live="polite">
          {counter}
        </span>
        <button type="button" className="ghost" onClick={() => step(-1)} disabled={matchCount === 0} aria-label={t('builds.log.previous')} title={t('builds.log.previousTitle')}>
          {t('builds.log.previousSymbol')}
        </button>
        <button type="button" className="ghost" onClick={() => step(1)} disabled={matchCount === 0} aria-label={t('builds.log.next')} title={t('builds.log.nextTitle')}>
          {t('builds.log.nextSymbol')}
        </button>
        <span className="log-toolbar-gap" />
        <span className="muted small">{t('builds.log.lineCount', { count })}</span>
        {live && (
          <button type="button" className="ghost" aria-pressed={follow} onClick={() => (follow ? setFollow(false) : followTail())} title={t('builds.log.followTitle')}>
            {follow ? t('builds.log.following') : t('builds.log.follow')}
          </button>
        )}
        <button type="button" className="ghost" onMouseDown={(e) => e.preventDefault()} onClick={() => void copy()} title={t('builds.log.copyTitle')}>
          {t('builds.log.copy')}
        </button>
        <button type="button" className="ghost" onClick={() => void download()} disabled={count === 0}>
          {t('builds.log.download')}
        </button>
      </div>
      <div
        ref={scrollRef}
        className="log-scroll"
        tabIndex={0}
        role="region"
        aria-label={t('builds.log.regionLabel', { label, count })}
        onScroll={onScroll}
        onKeyDown={onLogKeyDown}
      >
        {count === 0 ? (
          <p className="log-empty muted">{live ? t('builds.log.waiting') : t('builds.log.empty')}</p>
        ) : (
          <div className="log-lines" style={{ height: virtualizer.totalSize }}>
            {items.map((item) => (
              <div
                key={item.slot}
                className={`log-line${item.index === target ? ' target' : ''}${missing(item.index) ? ' missing' : ''}`}
                data-line={item.index + 1}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <span className="log-ln" aria-hidden="true">
                  {item.index + 1}
                </span>
                <LineText text={lines[item.index] ?? ''} matches={search} line={item.index} current={current} />
              </div>
            ))}
          </div>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {word(notice)}
      </p>
      {search?.capped && <p className="muted small log-capped">{t('builds.log.capped', { limit: matchLimit })}</p>}
    </section>
  );
}
