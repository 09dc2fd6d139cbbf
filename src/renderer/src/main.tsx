import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { feedCacheFromEvents } from './api/apply-actions';
import { SessionContext } from './api/context';
import { createHttpTransport, takeSessionToken } from './api/http-transport';
import { createIpcTransport, findBridge } from './api/ipc-transport';
import { watchSessionToken } from './api/session-token';
import { createSession } from './api/session';
import { App } from './app/App';
import { pages } from './app/pages';
import { readAheadFor, readShellAhead } from './app/route-data';
import type { RouteId } from './app/routes';
import { prefetchInto } from './api/prefetch';
import { frameLanguage, Localized } from './app/Localized';
import { LockedPage } from './app/LockedPage';
import { I18nProvider, systemLanguages } from './i18n/I18nProvider';
import { loadMessages } from './i18n/messages';
import { warmIntl } from './i18n/warm-intl';
import { intlLocale } from '../../shared/i18n/words';
import { displayLocale } from '../../shared/i18n/locales';
import { AppStoreContext } from './app/context';
import { ConfirmProvider } from './components/ConfirmDialog';
import { notifyBuildEndsInBrowser } from './app/build-notifications';
import { createAppStore } from './store/app-store';
import './styles.css';
import './data-layer.css';

/** How long the first render waits for the page's first reads before it renders without them. */
const firstReadsWaitMs = 250;

// Read before React replaces the frame.
const pageLanguage = frameLanguage(document);
const root = createRoot(document.getElementById('root') as HTMLElement);
const bridge = findBridge();
const token = bridge ? undefined : takeSessionToken();

if (!bridge && !token) {
  root.render(
    <I18nProvider choice="system">
      <LockedPage />
    </I18nProvider>,
  );
} else {
  const session = createSession(bridge ? createIpcTransport(bridge) : createHttpTransport(token as string));
  // Before the route store's listener: a pasted #token= address is consumed and the route restored first.
  if (!bridge) watchSessionToken((next) => session.replaceTransport(createHttpTransport(next)));
  const queries = new QueryClient({
    defaultOptions: {
      // Events keep cached lists current and a reconnect refetches everything, so focus changes need
      // not; an error envelope is the host's answer, not a glitch worth repeating.
      queries: { staleTime: 30_000, refetchOnWindowFocus: false, refetchOnReconnect: false, retry: false },
      mutations: { retry: false },
    },
  });
  feedCacheFromEvents(session.client, queries);
  session.onReconnect(() => queries.invalidateQueries());
  notifyBuildEndsInBrowser(session.client);
  const store = createAppStore();
  // A page asked for (the first, a key, a link, the address) starts its chunk and its first reads at
  // once, before React renders it: they travel together instead of one after the other (issue 15).
  const read = prefetchInto(queries, session.client);
  const askFor = (route: RouteId): void => {
    void pages.load(route).catch(() => undefined);
    readAheadFor(route, window.location.hash, read);
  };
  // Apart from the page's: the first render waits for the page's reads, not for the shell's.
  readShellAhead(prefetchInto(queries, session.client));
  askFor(store.getState().route);
  store.subscribe((state, before) => {
    if (state.route !== before.route) askFor(state.route);
  });
  const show = () =>
    root.render(
      <StrictMode>
        <SessionContext.Provider value={session}>
          <QueryClientProvider client={queries}>
            <AppStoreContext.Provider value={store}>
              <Localized initial={pageLanguage}>
                <ConfirmProvider>
                  <App />
                </ConfirmProvider>
              </Localized>
            </AppStoreContext.Provider>
          </QueryClientProvider>
        </SessionContext.Provider>
      </StrictMode>,
    );
  // The first page's chunk is preloaded with the script; rendering once it is evaluated shows the page
  // in the first commit instead of a fallback that React then holds for up to 300 ms (page-chunks.ts).
  // So is the language's catalog (the boot script starts it with the script): the first render speaks it, instead
  // of rendering nothing, which would take the frame index.html painted off the screen meanwhile.
  const firstLocale = displayLocale(pageLanguage ?? 'system', systemLanguages());
  const words = loadMessages(firstLocale);
  // A task of its own while the first reads are out: the first render then finds ICU started.
  setTimeout(() => warmIntl(intlLocale(firstLocale)), 0);
  // A key pressed on the frame while these load moves the address to another page: the first render
  // waits for that page's chunk too (the boot script has preloaded it), instead of suspending on it
  // and showing a fallback that React holds for up to 300 ms.
  const showOnceRouteReady = (): void => {
    const route = store.getState().route;
    if (pages.ready(route)) show();
    else pages.load(route).then(showOnceRouteReady, show);
  };
  // It waits for the first reads too, for a moment: the frame index.html painted is on screen and
  // answers keys and links meanwhile, and a first render with the data (the Builds page's rows) is
  // one render and one paint, where rendering before it came took two (issue 15).
  const firstReads = Promise.race([read.settled(), new Promise<void>((resolve) => setTimeout(resolve, firstReadsWaitMs))]);
  Promise.all([pages.load(store.getState().route), words, firstReads]).then(showOnceRouteReady, show);
}
