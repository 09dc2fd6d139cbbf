import type { CodeSource } from '../../../../shared/models/code-source';
import { providerNames, sourceHost } from './use-sources';

interface Props {
  readonly bound: readonly CodeSource[];
  readonly onCheck: (source: CodeSource) => void;
  readonly onUnbind: (source: CodeSource) => void;
  readonly checking: string | undefined;
}

/**
 * The bindings of one provider, each on its own line with the account, the address it belongs to,
 * its state and its own Check and Unbind: with two GitLab instances bound, every button says which.
 */
export function SourceBindings({ bound, onCheck, onUnbind, checking }: Props) {
  return (
    <ul className="bindings" aria-label="Bindings">
      {bound.map((s) => {
        const where = `${s.login} on ${providerNames[s.provider]} at ${sourceHost(s)}`;
        return (
          <li key={s.id} className="source-status" data-testid={`source-${s.id}`} aria-label={where}>
            <div>
              {s.status === 'ok' ? <span className="ok">Bound as {s.login}</span> : <span className="warn">Needs attention ({s.login})</span>} <span className="binding-address">at {sourceHost(s)}</span>
            </div>
            {s.status === 'attention' ? (
              <span className="hint">
                {s.reason} {s.hint}
              </span>
            ) : null}
            {s.expiryWarning ? <span className="hint warn">{s.expiryWarning}</span> : s.tokenExpiresAt ? <span className="hint">Token expires {s.tokenExpiresAt.slice(0, 10)}</span> : null}
            <span className="source-actions">
              <button type="button" className="ghost" disabled={checking === s.id} onClick={() => onCheck(s)} aria-label={`Check ${where}`}>
                {checking === s.id ? 'Checking…' : 'Check'}
              </button>
              <button type="button" className="ghost danger" onClick={() => onUnbind(s)} aria-label={`Unbind ${where}`}>
                Unbind
              </button>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
