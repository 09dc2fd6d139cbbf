import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { createHttpTransport, takeSessionToken } from './api/http-transport';
import { createIpcTransport, findBridge } from './api/ipc-transport';
import { App } from './app/App';
import { ClientContext } from './app/context';
import { createAppStore } from './store/app-store';
import { createCatalogStore } from './store/catalog-store';
import { notifyBuildEndsInBrowser } from './features/builds/browser-notifications';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const bridge = findBridge();
const token = bridge ? undefined : takeSessionToken();

if (!bridge && !token) {
  root.render(
    <main className="locked">
      <h1>Open Slipway from its own address</h1>
      <p>
        This page needs the address the Slipway host printed when it started (it ends in <code>#token=…</code>). That token keeps other web pages and
        other users of this machine out.
      </p>
    </main>,
  );
} else {
  const client = createClient(bridge ? createIpcTransport(bridge) : createHttpTransport(token as string));
  const store = createAppStore(client);
  const catalog = createCatalogStore(client);
  notifyBuildEndsInBrowser(client);
  void store.getState().load();
  void catalog
    .getState()
    .load()
    .then((problem) => problem && store.setState({ problem }));
  root.render(
    <StrictMode>
      <ClientContext.Provider value={{ client, store, catalog }}>
        <App />
      </ClientContext.Provider>
    </StrictMode>,
  );
}
