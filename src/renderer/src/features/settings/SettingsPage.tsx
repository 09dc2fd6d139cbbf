import { useEffect, useId, useState, type FormEvent } from 'react';
import { BuildersSection } from './BuildersSection';
import { DesktopSection } from './DesktopSection';
import { LanguagePicker } from './LanguagePicker';
import { preferencesSchema } from '../../../../shared/models/settings';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { TriggerSettings } from '../triggers/TriggerSettings';

export function SettingsPage() {
  const info = useContractQuery('app:info', {}).data;
  const preferences = useContractQuery('settings:get', {}).data;
  const update = useContractMutation('settings:update');
  const theme = useContractMutation('settings:update');
  const concurrentId = useId();
  const themeId = useId();
  const [concurrent, setConcurrent] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (preferences) setConcurrent(String(preferences.concurrentBuilds));
  }, [preferences?.concurrentBuilds]);

  function saveConcurrent(event: FormEvent): void {
    event.preventDefault();
    const parsed = preferencesSchema.shape.concurrentBuilds.safeParse(Number(concurrent));
    if (concurrent.trim() === '' || !parsed.success) {
      setFieldError('Enter a whole number from 1 to 16.');
      return;
    }
    setFieldError(undefined);
    update.mutate({ concurrentBuilds: parsed.data }, { onSuccess: () => setSaved(true) });
  }

  return (
    <>
      <header className="page-header">
        <h1>Settings</h1>
      </header>

      <section className="card" aria-labelledby="builds-heading">
        <h2 id="builds-heading">Builds</h2>
        <form onSubmit={saveConcurrent} className="inline-form" noValidate>
          <label htmlFor={concurrentId}>Builds that may run at once</label>
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
          <button type="submit" disabled={update.isPending}>
            Save
          </button>
          {saved ? (
            <span className="ok" role="status">
              Saved
            </span>
          ) : null}
        </form>
        <InlineProblem problem={update.problem} onDismiss={update.reset} />
        {fieldError ? (
          <p id={`${concurrentId}-error`} className="field-error" role="alert">
            {fieldError}
          </p>
        ) : null}
      </section>

      <BuildersSection />

      <TriggerSettings />

      <DesktopSection />

      <section className="card" aria-labelledby="appearance-heading">
        <h2 id="appearance-heading">Appearance</h2>
        <div className="inline-form">
          <label htmlFor={themeId}>Theme</label>
          <select id={themeId} value={preferences?.theme ?? 'system'} onChange={(e) => theme.mutate({ theme: e.target.value as 'system' | 'light' | 'dark' })}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
        <InlineProblem problem={theme.problem} onDismiss={theme.reset} />
        <LanguagePicker />
      </section>

      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">Where data lives</h2>
        {info ? (
          <dl className="facts">
            <dt>Data folder</dt>
            <dd><code data-testid="data-dir">{info.dataDir}</code></dd>
            <dt>Database</dt>
            <dd><code>{info.databasePath}</code> <span className="muted">(schema {info.schemaVersion})</span></dd>
            <dt>Preferences</dt>
            <dd><code>{info.preferencesPath}</code></dd>
            <dt>Secrets</dt>
            <dd>{info.vault === 'safeStorage' ? 'Encrypted with the system keychain' : 'Encrypted with a key file only your user can read (vault.key)'}</dd>
            <dt>Version</dt>
            <dd>Slipway {info.version} ({info.host === 'electron' ? 'desktop app' : 'headless host'}, {info.platform})</dd>
          </dl>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
    </>
  );
}
