import { useEffect, useId, useState, type FormEvent } from 'react';
import { preferencesSchema } from '../../../../shared/models/settings';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { SaveButton } from '../../components/SaveButton';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../../../shared/i18n/catalogs';

/** Settings for automatic builds: how often the watcher checks, and the push-hook listener. */
export function TriggerSettings() {
  const { t } = useT();
  const preferences = useContractQuery('settings:get', {}).data;
  const update = useContractMutation('settings:update');
  const intervalId = useId();
  const portId = useId();
  const addressId = useId();
  const [interval, setIntervalText] = useState('');
  const [port, setPort] = useState('');
  const [address, setAddress] = useState<'loopback' | 'all'>('loopback');
  const [error, setError] = useState<MessageKey | undefined>();
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
    if (interval.trim() === '' || !seconds.success) return setError('triggers.settings.intervalError');
    if (port.trim() === '' || !hookPort.success) return setError('triggers.settings.portError');
    setError(undefined);
    update.mutate({ watchIntervalSeconds: seconds.data, hookPort: hookPort.data, hookAddress: address }, { onSuccess: () => setSaved(true) });
  }

  return (
    <section className="card" aria-labelledby="triggers-settings-heading">
      <h2 id="triggers-settings-heading">{t('triggers.auto.heading')}</h2>
      <form className="form" onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor={intervalId}>{t('triggers.settings.interval')}</label>
          <input id={intervalId} inputMode="numeric" className="narrow" value={interval} onChange={(e) => (setIntervalText(e.target.value), setSaved(false))} />
          <p className="muted small">{t('triggers.settings.intervalHelp')}</p>
        </div>
        <div className="field">
          <label htmlFor={portId}>{t('triggers.settings.port')}</label>
          <input id={portId} inputMode="numeric" className="narrow" value={port} onChange={(e) => (setPort(e.target.value), setSaved(false))} />
          <p className="muted small">{t('triggers.settings.portHelp')}</p>
        </div>
        <div className="field">
          <label htmlFor={addressId}>{t('triggers.settings.address')}</label>
          <select id={addressId} value={address} onChange={(e) => (setAddress(e.target.value === 'all' ? 'all' : 'loopback'), setSaved(false))}>
            <option value="loopback">{t('triggers.settings.loopback')}</option>
            <option value="all">{t('triggers.settings.all')}</option>
          </select>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {t(error)}
          </p>
        ) : null}
        <InlineProblem problem={update.problem} onDismiss={update.reset} />
        <div className="buttons">
          <SaveButton label={t('triggers.settings.apply')} pending={update.isPending} saved={saved} />
        </div>
      </form>
    </section>
  );
}
