import { useEffect, useState } from 'react';
import type { OAuthAppInfo, OAuthProvider } from '../../../../shared/models/code-source';
import { InlineProblem } from '../../components/InlineProblem';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';
import { providerNames } from './use-sources';

/** The OAuth app (client id and secret) each provider's sign-in uses; the secret goes to the vault. */
export function OAuthAppsSection() {
  const client = useClient();
  const [apps, setApps] = useState<OAuthAppInfo[]>([]);
  const [problem, setProblem] = useState<Problem | undefined>();
  useEffect(() => {
    client.call('sources:oauthApps', {}).then(setApps, (error: unknown) => setProblem(toProblem(error)));
  }, [client]);

  return (
    <details className="card oauth-apps">
      <summary>OAuth apps</summary>
      <p className="muted small">
        Each provider signs Slipway in through an OAuth app you register once, with the callback URL shown here. Values entered here win over the SLIPWAY_…_CLIENT_ID and
        SLIPWAY_…_CLIENT_SECRET environment variables.
      </p>
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
      {apps.map((app) => (
        <AppForm key={app.provider} app={app} onSaved={(next) => setApps((all) => all.map((a) => (a.provider === next.provider ? next : a)))} onProblem={setProblem} />
      ))}
    </details>
  );
}

function AppForm({ app, onSaved, onProblem }: { readonly app: OAuthAppInfo; readonly onSaved: (app: OAuthAppInfo) => void; readonly onProblem: (p: Problem) => void }) {
  const client = useClient();
  const [clientId, setClientId] = useState(app.origin === 'settings' ? app.clientId : '');
  const [secret, setSecret] = useState('');
  const provider: OAuthProvider = app.provider;
  return (
    <form
      className="form oauth-app"
      aria-label={`${providerNames[provider]} OAuth app`}
      onSubmit={(e) => {
        e.preventDefault();
        client.call('sources:setOAuthApp', { provider, clientId, ...(secret ? { clientSecret: secret } : {}) }).then((next) => (setSecret(''), onSaved(next)), (error: unknown) => onProblem(toProblem(error)));
      }}
    >
      <h3>{providerNames[provider]}</h3>
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
        <button type="submit">Save</button>
      </div>
    </form>
  );
}
