import { Suspense, use, useCallback, useDeferredValue, useEffect, useLayoutEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useContractQuery, useLive } from '../api/hooks';
import { InlineProblem } from '../components/InlineProblem';
import { ConnectionStatus } from './ConnectionStatus';
import { UpdateBanner } from './UpdateBanner';
import { useApp } from './context';
import { PageLoadBoundary } from './PageLoadBoundary';
import { afterQueriesSettle } from './after-queries-settle';
import { pages } from './pages';
import { routeForShortcut, routes, shortcutsUseMeta, type RouteId } from './routes';
import { ShellFrame } from './ShellFrame';
import { useT } from '../i18n/use-t';

const isMac = shortcutsUseMeta(navigator.platform);

export function App() {
  const asked = useApp((s) => s.route);
  // The page asked for renders in the background: the current page stays until the new one can be
  // shown, instead of a "Loading…" fallback that React would then hold for up to 300 ms. The sidebar
  // follows the ask at once, so a key press is answered in the next frame.
  const route = useDeferredValue(asked);
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
