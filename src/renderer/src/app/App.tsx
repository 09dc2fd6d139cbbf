import { useEffect, useRef } from 'react';
import { Logo } from '../components/Logo';
import { useContractQuery, useLive } from '../api/hooks';
import { InlineProblem } from '../components/InlineProblem';
import { BuildsPage } from '../features/builds/BuildsPage';
import { CodeSourcePage } from '../features/code-source/CodeSourcePage';
import { RegistriesPage } from '../features/registries/RegistriesPage';
import { RepositoriesPage } from '../features/repositories/RepositoriesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ConnectionStatus } from './ConnectionStatus';
import { UpdateBanner } from './UpdateBanner';
import { useApp } from './context';
import { routes, type RouteId } from './routes';
import { useT } from '../i18n/use-t';

const pages: Record<RouteId, () => React.JSX.Element> = {
  'code-source': CodeSourcePage,
  registries: RegistriesPage,
  repositories: RepositoriesPage,
  builds: BuildsPage,
  settings: SettingsPage,
};

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
  useEffect(() => {
    // After a navigation, move focus to the new page's heading so keyboard and screen-reader users
    // land on it; on first load, leave focus where the browser put it.
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const heading = main.current?.querySelector('h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, [route]);

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
        <Page key={route} />
      </main>
    </div>
  );
}
