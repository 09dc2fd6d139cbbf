import type { MessageKey } from '../../../shared/i18n/catalogs';
import { useConnection } from '../api/hooks';
import type { ConnectionState } from '../api/session';
import { useT } from '../i18n/use-t';

const text: Record<ConnectionState, MessageKey> = {
  connecting: 'app.connection.connecting',
  connected: 'app.connection.connected',
  reconnecting: 'app.connection.reconnecting',
  reconnected: 'app.connection.reconnected',
  restarted: 'app.connection.restarted',
};

/** The sidebar's word on the event stream: honest about gaps, refreshes and a host that moved on. */
export function ConnectionStatus() {
  const { state } = useConnection();
  const { t } = useT();
  return (
    <div className={`connection ${state}`} role="status" data-testid="connection" data-state={state}>
      {t(text[state])}
      {state === 'restarted' ? <span className="connection-hint">{t('app.connection.restartedHint')}</span> : null}
    </div>
  );
}
