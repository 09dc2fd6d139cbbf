import { useState, type FormEvent } from 'react';
import type { Builder } from '../../../../shared/models/builder';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { useConfirm } from '../../components/ConfirmDialog';
import { problemOf, type Problem } from '../../api/problem';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../../../shared/i18n/catalogs';

const sourceLabels: Record<NonNullable<Builder['source']>, MessageKey> = {
  DOCKER_HOST: 'settings.builders.fromDockerHost',
  DOCKER_CONTEXT: 'settings.builders.fromDockerContext',
  'current-context': 'settings.builders.fromCurrentContext',
  default: 'settings.builders.platformDefault',
};

/** A builder name of the kind people give: an example, the same in every language. */
const exampleName = 'build-server';

/** The local engine and remote engines (tcp:// with TLS client certificates, ssh://) builds can run on. */
export function BuildersSection() {
  const { t, word } = useT();
  const list = useContractQuery('builders:list', {});
  const builders = list.data;
  const create = useContractMutation('builders:create');
  const remove = useContractMutation('builders:delete');
  const confirm = useConfirm();
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ name: '', endpoint: '', caCertPem: '', clientCertPem: '', clientKeyPem: '' });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const optional = (v: string) => (v.trim() ? v : undefined);
    const input = {
      name: form.name,
      endpoint: form.endpoint,
      ...(optional(form.caCertPem) ? { caCertPem: form.caCertPem } : {}),
      ...(optional(form.clientCertPem) ? { clientCertPem: form.clientCertPem } : {}),
      ...(optional(form.clientKeyPem) ? { clientKeyPem: form.clientKeyPem } : {}),
    };
    create.mutate(input, {
      onSuccess: () => {
        setAdding(false);
        setForm({ name: '', endpoint: '', caCertPem: '', clientCertPem: '', clientKeyPem: '' });
      },
    });
  };
  const askRemove = async (b: Builder) => {
    if (await confirm({ title: t('settings.builders.removeTitle', { name: b.name }), body: t('settings.builders.removeBody'), confirmLabel: t('settings.builders.removeConfirm'), danger: true })) remove.mutate({ id: b.id });
  };
  const field = (key: keyof typeof form, label: string, multiline = false, placeholder = '') => (
    <label className="field">
      <span>{label}</span>
      {multiline ? (
        <textarea rows={3} value={form[key]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
      ) : (
        <input value={form[key]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
      )}
    </label>
  );

  return (
    <section className="card" aria-labelledby="builder-heading">
      <div className="card-title">
        <h2 id="builder-heading">{t('settings.builders.heading')}</h2>
        <span>
          <button type="button" className="ghost" onClick={() => void list.refetch()} disabled={list.isFetching}>
            {list.isFetching ? t('settings.builders.checking') : t('settings.builders.checkAgain')}
          </button> {!adding ? (
            <button type="button" onClick={() => setAdding(true)}>
              {t('settings.builders.addRemote')}
            </button>
          ) : null}
        </span>
      </div>
      <InlineProblem problem={list.problem ?? remove.problem} onDismiss={remove.problem ? remove.reset : undefined} />
      {builders === undefined ? (
        <p className="muted">{t('settings.builders.looking')}</p>
      ) : (
        builders.map((b) => (
          <dl key={b.id} className="facts" aria-label={b.kind === 'local' ? t('settings.builders.localEngine') : b.name}>
            <dt>{b.kind === 'local' ? t('settings.builders.localEngine') : b.name}</dt>
            <dd>
              <code>{b.endpoint}</code> <span className="muted">{t('settings.builders.where', { how: howFound(b, t), hasContext: b.contextName && b.contextName !== 'default' ? 'yes' : 'no', context: b.contextName ?? '' })}</span>
              {b.kind === 'remote' ? (
                <button type="button" className="ghost danger" aria-label={t('settings.builders.removeLabel', { name: b.name })} onClick={() => void askRemove(b)}>
                  {t('common.remove')}
                </button>
              ) : null}
            </dd>
            <dt>{t('settings.builders.status')}</dt>
            <dd data-testid={b.kind === 'local' ? 'builder-status' : `builder-status-${b.name}`}>
              {b.status.state === 'reachable' ? (
                <span className="ok">
                  {t('settings.builders.reachable', { version: b.status.engineVersion, api: b.status.apiVersion, platform: `${b.status.os}/${b.status.arch}`, buildkit: b.status.buildkit ? 'yes' : 'no' })}
                </span>
              ) : (
                <UnreachableLine problem={problemOf(b.status)} word={word} />
              )}
            </dd>
          </dl>
        ))
      )}
      {adding ? (
        <form className="form" onSubmit={submit} aria-label={t('settings.builders.addRemote')}>
          <InlineProblem problem={create.problem} onDismiss={create.reset} />
          {field('name', t('settings.builders.name'), false, exampleName)}
          {field('endpoint', t('settings.builders.endpoint'), false, t('settings.builders.endpointPlaceholder', { tcp: 'tcp://build.example.internal:2376', ssh: 'ssh://me@host' }))}
          {field('caCertPem', t('settings.builders.ca'), true, t('settings.builders.paste', { file: 'ca.pem' }))}
          {field('clientCertPem', t('settings.builders.cert'), true, t('settings.builders.paste', { file: 'cert.pem' }))}
          {field('clientKeyPem', t('settings.builders.key'), true, t('settings.builders.paste', { file: 'key.pem' }))}
          <div className="buttons">
            <button type="submit" disabled={create.isPending}>
              {create.isPending ? t('settings.builders.checking') : t('settings.builders.add')}
            </button>
            <button type="button" className="ghost" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <p className="muted small">{t('settings.builders.help')}</p>
    </section>
  );
}

/** How an engine was found or is reached, as the line beside its address says it. */
function howFound(b: Builder, t: ReturnType<typeof useT>['t']): string {
  if (b.source && b.kind === 'local') return t(sourceLabels[b.source]);
  return b.tls ? 'TLS' : t(b.kind === 'local' ? 'settings.builders.kindLocal' : 'settings.builders.kindRemote');
}

/** An engine that cannot be reached: its reason as received (or worded, when main sends a phrase) and what to do. */
function UnreachableLine({ problem, word }: { readonly problem: Problem; readonly word: ReturnType<typeof useT>['word'] }) {
  return (
    <span className="warn">
      {word(problem.message)} <span className="hint">{problem.hint ? word(problem.hint) : null}</span>
    </span>
  );
}
