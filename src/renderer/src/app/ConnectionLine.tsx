import type { MessageKey } from '../../../shared/i18n/catalogs';
import type { ConnectionState } from '../api/session';
import type { Words } from '../i18n/use-t';

const text: Record<ConnectionState, MessageKey> = {
  connecting: 'app.connection.connecting',
  connected: 'app.connection.connected',
  reconnecting: 'app.connection.reconnecting',
  reconnected: 'app.connection.reconnected',
  restarted: 'app.connection.restarted',
};

/** The line itself; also painted, as "connecting", in the frame the window shows before the app runs. */
export function ConnectionLine({ state, t }: { readonly state: ConnectionState; readonly t: Words['t'] }) {
  return (
    <div className={`connection ${state}`} role="status" data-testid="connection" data-state={state}>
      {t(text[state])}
      {state === 'restarted' ? <span className="connection-hint">{t('app.connection.restartedHint')}</span> : null}
    </div>
  );
}
