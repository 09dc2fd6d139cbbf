import { lazy, Suspense, useCallback, useEffect, useRef, type ComponentType } from 'react';
import { Logo } from '../components/Logo';
import { useContractQuery, useLive } from '../api/hooks';
import { InlineProblem } from '../components/InlineProblem';
import { ConnectionStatus } from './ConnectionStatus';
import { UpdateBanner } from './UpdateBanner';
import { useApp } from './context';
import { routes, type RouteId } from './routes';
import { useT } from '../i18n/use-t';

/**
 * Each page is its own chunk (issue 15: the window is there at once): the first paint waits only
 * for the page it shows; the others are fetched right after it, so moving between pages never waits.
 */
const loaders: Record<RouteId, () => Promise<ComponentType>> = {
  'code-source': () => import('../features/code-source/CodeSourcePage').then((m) => m.CodeSourcePage),
  registries: () => import('../features/registries/RegistriesPage').then((m) => m.RegistriesPage),
  repositories: () => import('../features/repositories/RepositoriesPage').then((m) => m.RepositoriesPage),
  builds: () => import('../features/builds/BuildsPage').then((m) => m.BuildsPage),
  settings: () => import('../features/settings/SettingsPage').then((m) => m.SettingsPage),
};
const pages = Object.fromEntries(Object.entries(loaders).map(([id, load]) => [id, lazy(() => load().then((page) => ({ default: page })))])) as unknown as Record<RouteId, ComponentType>;

const isMac = navigator.platform.toLowerCase().includes('mac');

export function App() {
  const route = useApp((s) => s.route);
  const navigate = useApp((s) => s.navigate);
  const preferences = useContractQuery('settings:get', {});
  const theme = preferences.data?.theme ?? 'system';
  const live = useLive();
  const { t } = useT();
  const main = useRef<HTMLElement>(null);
  const Page = pages[route];

  useEffect(() => {
    // After the first page is on screen, fetch the other pages' chunks so no navigation waits.
    const idle = window.setTimeout(() => void Promise.all(Object.values(loaders).map((load) => load())), 0);
    return () => window.clearTimeout(idle);
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    // Ctrl/Cmd+1…5 jump between pages from anywhere, as in other desktop developer tools.
    const onKey = (event: KeyboardEvent) => {
      if (!(isMac ? event.metaKey : event.ctrlKey) || event.altKey || event.shiftKey) return;
      const target = routes.find((r) => r.key === event.key);
      if (!target) return;
      event.preventDefault();
      navigate(target.id);
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
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.shell.skipToContent')}
      </a>
      <nav className="sidebar" aria-label={t('app.shell.sections')}>
        <div className="brand" aria-hidden="true">
          <Logo /> {t('app.shell.brand')}
        </div>
        <ul>
          {routes.map((r) => (
            <li key={r.id}>
              <a href={`#/${r.id}`} aria-current={route === r.id ? 'page' : undefined} title={t('app.nav.withShortcut', { page: t(r.labelKey), shortcut: `${isMac ? '⌘' : 'Ctrl+'}${r.key}` })}>
                {t(r.labelKey)}
              </a>
            </li>
          ))}
        </ul>
        <ConnectionStatus />
      </nav>
      <main id="main" ref={main} tabIndex={-1} data-stale={live ? undefined : 'true'}>
        <InlineProblem problem={preferences.problem} />
        <UpdateBanner />
        <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
          <Page key={route} />
          <Mounted key={`${route}-shown`} onMount={pageShown} />
        </Suspense>
      </main>
    </div>
  );
}

/** Renders nothing; tells its parent when the Suspense boundary it sits in has shown its content. */
function Mounted({ onMount }: { readonly onMount: () => void }) {
  useEffect(() => onMount(), [onMount]);
  return null;
}
