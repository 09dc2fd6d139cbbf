import { useConnection } from '../api/hooks';
import { useT } from '../i18n/use-t';
import { ConnectionLine } from './ConnectionLine';

/** The sidebar's word on the event stream: honest about gaps, refreshes and a host that moved on. */
export function ConnectionStatus() {
  const { state } = useConnection();
  const { t } = useT();
  return <ConnectionLine state={state} t={t} />;
}
