import { useState, type FormEvent } from 'react';
import type { Builder } from '../../../../shared/models/builder';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { useConfirm } from '../../components/ConfirmDialog';

const sourceLabels: Record<NonNullable<Builder['source']>, string> = {
  DOCKER_HOST: 'from DOCKER_HOST',
  DOCKER_CONTEXT: 'from DOCKER_CONTEXT',
  'current-context': 'from the current docker context',
  default: 'the platform default',
};

/** The local engine and remote engines (tcp:// with TLS client certificates, ssh://) builds can run on. */
export function BuildersSection() {
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
    if (await confirm({ title: `Remove the builder “${b.name}”?`, body: 'Repositories that use it must pick another.', confirmLabel: 'Remove builder', danger: true })) remove.mutate({ id: b.id });
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
        <h2 id="builder-heading">Builders</h2>
        <span>
          <button type="button" className="ghost" onClick={() => void list.refetch()} disabled={list.isFetching}>
            {list.isFetching ? 'Checking…' : 'Check again'}
          </button>{' '}
          {!adding ? (
            <button type="button" onClick={() => setAdding(true)}>
              Add remote builder
            </button>
          ) : null}
        </span>
      </div>
      <InlineProblem problem={list.problem ?? remove.problem} onDismiss={remove.problem ? remove.reset : undefined} />
      {builders === undefined ? (
        <p className="muted">Looking for the Docker engine…</p>
      ) : (
        builders.map((b) => (
          <dl key={b.id} className="facts" aria-label={b.name}>
            <dt>{b.kind === 'local' ? 'Local engine' : b.name}</dt>
            <dd>
              <code>{b.endpoint}</code>{' '}
              <span className="muted">
                ({b.source && b.kind === 'local' ? sourceLabels[b.source] : b.tls ? 'TLS' : b.kind}
                {b.contextName && b.contextName !== 'default' ? `, context “${b.contextName}”` : ''})
              </span>
              {b.kind === 'remote' ? (
                <button type="button" className="ghost danger" aria-label={`Remove builder ${b.name}`} onClick={() => void askRemove(b)}>
                  Remove
                </button>
              ) : null}
            </dd>
            <dt>Status</dt>
            <dd data-testid={b.kind === 'local' ? 'builder-status' : `builder-status-${b.name}`}>
              {b.status.state === 'reachable' ? (
                <span className="ok">
                  Docker {b.status.engineVersion} (API {b.status.apiVersion}, {b.status.os}/{b.status.arch}){b.status.buildkit ? ', BuildKit' : ''}
                </span>
              ) : (
                <span className="warn">
                  {b.status.message} <span className="hint">{b.status.hint}</span>
                </span>
              )}
            </dd>
          </dl>
        ))
      )}
      {adding ? (
        <form className="form" onSubmit={submit} aria-label="Add remote builder">
          <InlineProblem problem={create.problem} onDismiss={create.reset} />
          {field('name', 'Name', false, 'build-server')}
          {field('endpoint', 'Engine address', false, 'tcp://build.example.internal:2376 or ssh://me@host')}
          {field('caCertPem', 'CA certificate (ca.pem)', true, 'Paste the contents of ca.pem')}
          {field('clientCertPem', 'Client certificate (cert.pem)', true, 'Paste the contents of cert.pem')}
          {field('clientKeyPem', 'Client key (key.pem) — kept encrypted, never shown again', true, 'Paste the contents of key.pem')}
          <div className="buttons">
            <button type="submit" disabled={create.isPending}>
              {create.isPending ? 'Checking…' : 'Add builder'}
            </button>
            <button type="button" className="ghost" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <p className="muted small">
        Slipway finds the local engine the way the docker CLI does — DOCKER_HOST, then the docker context — and never changes either. Each image repository chooses its builder.
      </p>
    </section>
  );
}
