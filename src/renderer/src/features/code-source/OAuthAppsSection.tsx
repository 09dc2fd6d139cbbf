import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { OAuthAppInfo, OAuthProvider } from '../../../../shared/models/code-source';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { useT } from '../../i18n/use-t';
import { providerNames } from './use-sources';

/** The OAuth app (client id and secret) each provider's sign-in uses; the secret goes to the vault. */
export function OAuthAppsSection() {
  const { t } = useT();
  const apps = useContractQuery('sources:oauthApps', {});

  return (
    <details className="card oauth-apps">
      <summary>{t('sources.oauthApps.title')}</summary>
      <p className="muted small">{t('sources.oauthApps.intro')}</p>
      <InlineProblem problem={apps.problem} />
      {(apps.data ?? []).map((app) => (
        <AppForm key={app.provider} app={app} />
      ))}
    </details>
  );
}

function AppForm({ app }: { readonly app: OAuthAppInfo }) {
  const { t } = useT();
  const save = useContractMutation('sources:setOAuthApp');
  const [clientId, setClientId] = useState(app.origin === 'settings' ? app.clientId : '');
  const [secret, setSecret] = useState('');
  const provider: OAuthProvider = app.provider;
  return (
    <form
      className="form oauth-app"
      aria-label={t('sources.oauthApps.formLabel', { provider: providerNames[provider] })}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ provider, clientId, ...(secret ? { clientSecret: secret } : {}) }, { onSuccess: () => setSecret('') });
      }}
    >
      <h3>{providerNames[provider]}</h3>
      <InlineProblem problem={save.problem} onDismiss={save.reset} />
      <p className="muted small">
        <FormattedMessage
          id="sources.oauthApps.status"
          values={{
            url: app.callbackUrl,
            origin: app.origin,
            clientId: app.clientId,
            secret: app.hasSecret ? 'saved' : 'missing',
            code: (chunks) => <code>{chunks}</code>,
          }}
        />
      </p>
      <div className="row">
        <label className="field">
          {t('sources.oauthApps.clientId')}
          <input value={clientId} onChange={(e) => setClientId(e.target.value)} spellCheck={false} autoComplete="off" />
        </label>
        <label className="field">
          {t('sources.oauthApps.clientSecret')}
          <input
            type="password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            autoComplete="off"
            placeholder={app.hasSecret && app.origin === 'settings' ? t('sources.oauthApps.secretKept') : ''}
          />
        </label>
        <button type="submit" disabled={save.isPending}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
