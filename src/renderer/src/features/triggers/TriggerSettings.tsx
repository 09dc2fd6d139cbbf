import { useEffect, useId, useState, type FormEvent } from 'react';
import { preferencesSchema } from '../../../../shared/models/settings';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';

/** Settings for automatic builds: how often the watcher checks, and the push-hook listener. */
export function TriggerSettings() {
  const preferences = useContractQuery('settings:get', {}).data;
  const update = useContractMutation('settings:update');
  const intervalId = useId();
  const portId = useId();
  const addressId = useId();
  const [interval, setIntervalText] = useState('');
  const [port, setPort] = useState('');
  const [address, setAddress] = useState<'loopback' | 'all'>('loopback');
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!preferences) return;
    setIntervalText(String(preferences.watchIntervalSeconds));
    setPort(String(preferences.hookPort));
    setAddress(preferences.hookAddress);
  }, [preferences?.watchIntervalSeconds, preferences?.hookPort, preferences?.hookAddress]);

  function save(event: FormEvent): void {
    event.preventDefault();
    const seconds = preferencesSchema.shape.watchIntervalSeconds.safeParse(Number(interval));
    const hookPort = preferencesSchema.shape.hookPort.safeParse(Number(port));
    if (interval.trim() === '' || !seconds.success) return setError('Check every 1 to 3600 seconds.');
    if (port.trim() === '' || !hookPort.success) return setError('The port is a whole number from 0 (off) to 65535.');
    setError(undefined);
    update.mutate({ watchIntervalSeconds: seconds.data, hookPort: hookPort.data, hookAddress: address }, { onSuccess: () => setSaved(true) });
  }

  return (
    <section className="card" aria-labelledby="triggers-settings-heading">
      <h2 id="triggers-settings-heading">Automatic builds</h2>
      <form className="form" onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor={intervalId}>Check remotes every (seconds)</label>
          <input id={intervalId} inputMode="numeric" className="narrow" value={interval} onChange={(e) => (setIntervalText(e.target.value), setSaved(false))} />
          <p className="muted small">Each repository with automatic builds on is asked for its branches and tags this often (±10%). No webhook needed.</p>
        </div>
        <div className="field">
          <label htmlFor={portId}>Push-hook listener port</label>
          <input id={portId} inputMode="numeric" className="narrow" value={port} onChange={(e) => (setPort(e.target.value), setSaved(false))} />
          <p className="muted small">0 keeps it off. Providers that can reach this machine (a LAN GitLab, a tunnel) post pushes to it; each delivery is checked against the repository’s hook secret.</p>
        </div>
        <div className="field">
          <label htmlFor={addressId}>Listen on</label>
          <select id={addressId} value={address} onChange={(e) => (setAddress(e.target.value === 'all' ? 'all' : 'loopback'), setSaved(false))}>
            <option value="loopback">This machine only (for a tunnel)</option>
            <option value="all">All networks (a LAN Git server)</option>
          </select>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <InlineProblem problem={update.problem} onDismiss={update.reset} />
        <div className="buttons">
          <button type="submit" disabled={update.isPending}>
            Apply
          </button>
          {saved ? (
            <span className="ok" role="status">
              Saved
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
