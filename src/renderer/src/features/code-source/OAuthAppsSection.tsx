import { useState } from 'react';
import type { OAuthAppInfo, OAuthProvider } from '../../../../shared/models/code-source';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { providerNames } from './use-sources';

/** The OAuth app (client id and secret) each provider's sign-in uses; the secret goes to the vault. */
export function OAuthAppsSection() {
  const apps = useContractQuery('sources:oauthApps', {});

  return (
    <details className="card oauth-apps">
      <summary>OAuth apps</summary>
      <p className="muted small">
        Each provider signs Slipway in through an OAuth app you register once, with the callback URL shown here. Values entered here win over the SLIPWAY_…_CLIENT_ID and
        SLIPWAY_…_CLIENT_SECRET environment variables.
      </p>
      <InlineProblem problem={apps.problem} />
      {(apps.data ?? []).map((app) => (
        <AppForm key={app.provider} app={app} />
      ))}
    </details>
  );
}

function AppForm({ app }: { readonly app: OAuthAppInfo }) {
  const save = useContractMutation('sources:setOAuthApp');
  const [clientId, setClientId] = useState(app.origin === 'settings' ? app.clientId : '');
  const [secret, setSecret] = useState('');
  const provider: OAuthProvider = app.provider;
  return (
    <form
      className="form oauth-app"
      aria-label={`${providerNames[provider]} OAuth app`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ provider, clientId, ...(secret ? { clientSecret: secret } : {}) }, { onSuccess: () => setSecret('') });
      }}
    >
      <h3>{providerNames[provider]}</h3>
      <InlineProblem problem={save.problem} onDismiss={save.reset} />
      <p className="muted small">
        Callback URL: <code>{app.callbackUrl}</code> ·{' '}
        {app.origin === 'none' ? 'not set up' : app.origin === 'environment' ? `client id ${app.clientId} from the environment` : `client id ${app.clientId}${app.hasSecret ? ', secret saved' : ', no secret yet'}`}
      </p>
      <div className="row">
        <label className="field">
          Client id
          <input value={clientId} onChange={(e) => setClientId(e.target.value)} spellCheck={false} autoComplete="off" />
        </label>
        <label className="field">
          Client secret
          <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" placeholder={app.hasSecret && app.origin === 'settings' ? 'saved — leave empty to keep' : ''} />
        </label>
        <button type="submit" disabled={save.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}
