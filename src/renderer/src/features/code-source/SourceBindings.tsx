import type { CodeSource } from '../../../../shared/models/code-source';
import { problemOf } from '../../api/problem';
import { useIntl } from 'react-intl';
import { useT } from '../../i18n/use-t';
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
  const { t, word } = useT();
  const intl = useIntl();
  return (
    <ul className="bindings" aria-label={t('sources.bindings.label')}>
      {bound.map((s) => {
        const where = t('sources.bindings.where', { login: s.login, provider: providerNames[s.provider], host: sourceHost(s) });
        const attention = s.status === 'attention' ? problemOf({ message: s.reason ?? '', hint: s.hint, phrase: s.phrase, hintPhrase: s.hintPhrase }) : undefined;
        return (
          <li key={s.id} className="source-status" data-testid={`source-${s.id}`} aria-label={where}>
            <div>
              <BindingState source={s} /> <span className="binding-address">{t('sources.bindings.at', { host: sourceHost(s) })}</span>
            </div>
            {attention ? (
              <span className="hint">{attention.hint ? t('sources.bindings.reasonAndHint', { reason: attention.message, hint: attention.hint }) : word(attention.message)}</span>
            ) : null}
            {s.expiryWarning ? (
              <span className="hint warn">{s.expiryWarningPhrase ? word(s.expiryWarningPhrase) : s.expiryWarning}</span>
            ) : s.tokenExpiresAt ? (
              <span className="hint">{t('sources.bindings.expires', { date: intl.formatDate(s.tokenExpiresAt, { dateStyle: 'medium', timeZone: 'UTC' }) })}</span>
            ) : null}
            <span className="source-actions">
              <button type="button" className="ghost" disabled={checking === s.id} onClick={() => onCheck(s)} aria-label={t('sources.bindings.checkLabel', { where })}>
                {checking === s.id ? t('sources.bindings.checking') : t('sources.bindings.check')}
              </button>
              <button type="button" className="ghost danger" onClick={() => onUnbind(s)} aria-label={t('sources.bindings.unbindLabel', { where })}>
                {t('sources.unbind.confirm')}
              </button>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function BindingState({ source }: { readonly source: CodeSource }) {
  const { t } = useT();
  return source.status === 'ok' ? (
    <span className="ok">{t('sources.bindings.boundAs', { login: source.login })}</span>
  ) : (
    <span className="warn">{t('sources.bindings.attention', { login: source.login })}</span>
  );
}
