import { Suspense, use, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useContractQuery, useLive } from '../api/hooks';
import { InlineProblem } from '../components/InlineProblem';
import { ConnectionStatus } from './ConnectionStatus';
import { UpdateBanner } from './UpdateBanner';
import { useApp } from './context';
import { PageLoadBoundary } from './PageLoadBoundary';
import { afterQueriesSettle } from './after-queries-settle';
import { restoreFrameFocus } from './frame-focus';
import { pages } from './pages';
import { routeForShortcut, routes, shortcutsUseMeta, type RouteId } from './routes';
import { ShellFrame } from './ShellFrame';
import { useT } from '../i18n/use-t';

const isMac = shortcutsUseMeta(navigator.platform);

export function App() {
  const asked = useApp((s) => s.route);
  const route = useShownRoute(asked);
  const navigate = useApp((s) => s.navigate);
  const preferences = useContractQuery('settings:get', {});
  const theme = preferences.data?.theme ?? 'system';
  const live = useLive();
  const { t } = useT();
  const main = useRef<HTMLElement>(null);

  const queries = useQueryClient();
  // After the first page is on screen with its data, fetch the other pages' chunks so no navigation waits.
  useEffect(() => afterQueriesSettle(queries, () => void Promise.allSettled(routes.map((r) => pages.load(r.id)))), [queries]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // The commit that replaced index.html's frame took the focused control with it: focus its copy.
  useLayoutEffect(() => restoreFrameFocus(document), []);

  // A layout effect: it is on in the same task that replaces index.html's frame, whose boot script
  // answered these keys until then; a passive effect would leave a gap in which a key goes nowhere.
  useLayoutEffect(() => {
    // Ctrl/Cmd+1…5 jump between pages from anywhere, as in other desktop developer tools.
    const onKey = (event: KeyboardEvent) => {
      const target = routeForShortcut(event, isMac);
      if (!target) return;
      event.preventDefault();
      navigate(target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  const firstRoute = useRef(true);
  // After a navigation, move focus to the new page's heading so keyboard and screen-reader users
  // land on it; on first load, leave focus where the browser put it. Called when the page (a lazy
  // chunk) has mounted, so its heading exists.
  const pageShown = useCallback(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const heading = main.current?.querySelector('h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, []);

  return (
    <ShellFrame t={t} current={asked} mac={isMac} status={<ConnectionStatus />} mainRef={main} stale={!live} busy={asked !== route}>
      <InlineProblem problem={preferences.problem} />
      <UpdateBanner />
      <Suspense fallback={<p className="muted" role="status">{t('common.loading')}</p>}>
        <PageLoadBoundary key={route}>
          <RoutePage route={route} />
        </PageLoadBoundary>
        <Mounted key={`${route}-shown`} onMount={pageShown} />
      </Suspense>
    </ShellFrame>
  );
}

/**
 * The page to show for the one asked for: the current page stays until the new one's chunk is here,
 * instead of a "Loading…" fallback that React would then hold for up to 300 ms; the sidebar follows
 * the ask at once, so a key press is answered in the next frame. The new page then renders in one
 * go. Rendered in the background instead (useDeferredValue), it was cut into 5 ms slices, and each
 * answer its reads brought, or the old page's own work, restarted it: the Builds page's rows
 * reached the DOM ~200 ms after their data (issue 15).
 */
function useShownRoute(asked: RouteId): RouteId {
  // The first render too: a key pressed between the app's start and its first render can ask for a
  // page whose chunk is still on its way; a page that is here is shown until it comes.
  const [shown, setShown] = useState(() => (pages.ready(asked) ? asked : (routes.find((r) => pages.ready(r.id))?.id ?? asked)));
  const ready = pages.ready(asked) !== undefined;
  // Derived during render: a page whose chunk is here is shown in this very render.
  if (ready && shown !== asked) setShown(asked);
  useEffect(() => {
    if (ready) return;
    let current = true;
    // A chunk that failed to load is shown too: its boundary offers a reload (PageLoadBoundary).
    const show = (): void => {
      if (current) setShown(asked);
    };
    pages.load(asked).then(show, show);
    return () => {
      current = false;
    };
  }, [asked, ready]);
  return ready ? asked : shown;
}

/** The route's page; suspends only while its chunk is on its way. */
function RoutePage({ route }: { readonly route: RouteId }) {
  const Page = pages.ready(route) ?? use(pages.load(route));
  return <Page />;
}

/** Renders nothing; tells its parent when the Suspense boundary it sits in has shown its content. */
function Mounted({ onMount }: { readonly onMount: () => void }) {
  useEffect(() => onMount(), [onMount]);
  return null;
}
