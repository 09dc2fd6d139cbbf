import { useConnection } from '../api/hooks';
import type { ConnectionState } from '../api/session';

const text: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  reconnected: 'Reconnected: data refreshed',
  restarted: 'Slipway was restarted: open the new address',
};

/** The sidebar's word on the event stream: honest about gaps, refreshes and a host that moved on. */
export function ConnectionStatus() {
  const { state } = useConnection();
  return (
    <div className={`connection ${state}`} role="status" data-testid="connection" data-state={state}>
      {text[state]}
      {state === 'restarted' ? (
        <span className="connection-hint">It printed a new address ending in #token=…: paste it into this tab. What is shown here is no longer live.</span>
      ) : null}
    </div>
  );
}
