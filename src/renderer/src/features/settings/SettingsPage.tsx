import { useEffect, useId, useState, type FormEvent } from 'react';
import { BuildersSection } from './BuildersSection';
import { DesktopSection } from './DesktopSection';
import { LanguagePicker } from './LanguagePicker';
import { preferencesSchema } from '../../../../shared/models/settings';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { SaveButton } from '../../components/SaveButton';
import { TriggerSettings } from '../triggers/TriggerSettings';
import { useT } from '../../i18n/use-t';

export function SettingsPage() {
  const { t } = useT();
  const info = useContractQuery('app:info', {}).data;
  const preferences = useContractQuery('settings:get', {}).data;
  const update = useContractMutation('settings:update');
  const theme = useContractMutation('settings:update');
  const concurrentId = useId();
  const themeId = useId();
  const [concurrent, setConcurrent] = useState('');
  const [fieldError, setFieldError] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (preferences) setConcurrent(String(preferences.concurrentBuilds));
  }, [preferences?.concurrentBuilds]);

  function saveConcurrent(event: FormEvent): void {
    event.preventDefault();
    const parsed = preferencesSchema.shape.concurrentBuilds.safeParse(Number(concurrent));
    if (concurrent.trim() === '' || !parsed.success) {
      setFieldError(true);
      return;
    }
    setFieldError(false);
    update.mutate({ concurrentBuilds: parsed.data }, { onSuccess: () => setSaved(true) });
  }

  return (
    <>
      <header className="page-header">
        <h1>{t('settings.heading')}</h1>
      </header>

      <section className="card" aria-labelledby="builds-heading">
        <h2 id="builds-heading">{t('settings.builds.heading')}</h2>
        <form onSubmit={saveConcurrent} className="inline-form" noValidate>
          <label htmlFor={concurrentId}>{t('settings.builds.concurrent')}</label>
          <input
            id={concurrentId}
            name="concurrentBuilds"
            inputMode="numeric"
            value={concurrent}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${concurrentId}-error` : undefined}
            onChange={(e) => {
              setConcurrent(e.target.value);
              setSaved(false);
            }}
          />
          <SaveButton pending={update.isPending} saved={saved} />
        </form>
        <InlineProblem problem={update.problem} onDismiss={update.reset} />
        {fieldError ? (
          <p id={`${concurrentId}-error`} className="field-error" role="alert">
            {t('settings.builds.concurrentError', { min: 1, max: 16 })}
          </p>
        ) : null}
      </section>

      <BuildersSection />

      <TriggerSettings />

      <DesktopSection />

      <section className="card" aria-labelledby="appearance-heading">
        <h2 id="appearance-heading">{t('settings.appearance.heading')}</h2>
        <div className="inline-form">
          <label htmlFor={themeId}>{t('settings.appearance.theme')}</label>
          <select id={themeId} value={preferences?.theme ?? 'system'} onChange={(e) => theme.mutate({ theme: e.target.value as 'system' | 'light' | 'dark' })}>
            <option value="system">{t('settings.appearance.system')}</option>
            <option value="light">{t('settings.appearance.light')}</option>
            <option value="dark">{t('settings.appearance.dark')}</option>
          </select>
        </div>
        <InlineProblem problem={theme.problem} onDismiss={theme.reset} />
        <LanguagePicker />
      </section>

      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">{t('settings.data.heading')}</h2>
        {info ? (
          <dl className="facts">
            <dt>{t('settings.data.folder')}</dt>
            <dd><code data-testid="data-dir">{info.dataDir}</code></dd>
            <dt>{t('settings.data.database')}</dt>
            <dd><code>{info.databasePath}</code> <span className="muted">{t('settings.data.schema', { version: info.schemaVersion })}</span></dd>
            <dt>{t('settings.data.preferences')}</dt>
            <dd><code>{info.preferencesPath}</code></dd>
            <dt>{t('settings.data.secrets')}</dt>
            <dd>{t(info.vault === 'safeStorage' ? 'settings.data.keychain' : 'settings.data.keyFile')}</dd>
            <dt>{t('settings.data.version')}</dt>
            <dd>{t('settings.data.versionLine', { version: info.version, host: info.host === 'electron' ? 'electron' : 'headless', platform: info.platform })}</dd>
          </dl>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </section>
    </>
  );
}
