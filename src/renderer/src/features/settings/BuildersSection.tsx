import { useState, type FormEvent } from 'react';
import type { BuilderView } from '../../../../shared/models/builder';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { useConfirm } from '../../components/ConfirmDialog';
import { useT } from '../../i18n/use-t';
import { BuilderCard } from './BuilderCard';

/** A builder name of the kind people give: an example, the same in every language. */
const exampleName = 'build-server';

/** The local engine and added engines (tcp:// with TLS client certificates, ssh://, unix://) builds can run on. */
export function BuildersSection() {
  const { t } = useT();
  const list = useContractQuery('builders:list', {});
  const builders = list.data;
  const create = useContractMutation('builders:create');
  const remove = useContractMutation('builders:delete');
  const check = useContractMutation('builders:check');
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
  const askRemove = async (b: BuilderView) => {
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
  const busy = list.isFetching || check.isPending;

  return (
    <section className="card" aria-labelledby="builder-heading">
      <div className="card-title">
        <h2 id="builder-heading">{t('settings.builders.heading')}</h2>
        <span>
          <button type="button" className="ghost" onClick={() => check.mutate({})} disabled={busy}>
            {busy ? t('settings.builders.checking') : t('settings.builders.checkAgain')}
          </button> {!adding ? (
            <button type="button" onClick={() => setAdding(true)}>
              {t('settings.builders.addRemote')}
            </button>
          ) : null}
        </span>
      </div>
      <InlineProblem problem={list.problem ?? check.problem ?? remove.problem} onDismiss={check.problem ? check.reset : remove.problem ? remove.reset : undefined} />
      {builders === undefined ? (
        <p className="muted">{t('settings.builders.looking')}</p>
      ) : (
        builders.map((b) => <BuilderCard key={b.id} builder={b} onRemove={(x) => void askRemove(x)} onStale={() => void list.refetch()} />)
      )}
      {adding ? (
        <form className="form" onSubmit={submit} aria-label={t('settings.builders.addRemote')}>
          <InlineProblem problem={create.problem} onDismiss={create.reset} />
          {field('name', t('settings.builders.name'), false, exampleName)}
          {field('endpoint', t('settings.builders.endpoint'), false, t('settings.builders.endpointPlaceholder', { tcp: 'tcp://build.example.internal:2376', ssh: 'ssh://me@host', unix: 'unix:///run/podman/podman.sock' }))}
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
