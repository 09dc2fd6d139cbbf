import { useState } from 'react';
import type { Webhook, WebhookTrigger } from '../../../../shared/models/webhook';
import { useContractCursorPages, useContractMutation, useContractQuery } from '../../api/hooks';
import { useConfirm } from '../../components/ConfirmDialog';
import { InlineProblem } from '../../components/InlineProblem';
import { WebhookForm } from './WebhookForm';
import { WebhookHistory } from './WebhookHistory';
import { useT, type Words } from '../../i18n/use-t';

function describeTrigger(t: Words['t'], trigger: WebhookTrigger): string {
  if (trigger.kind === 'all') return t('webhooks.trigger.all');
  if (trigger.kind === 'expression') return t('webhooks.trigger.expression', { expression: trigger.expression });
  return t('webhooks.trigger.tags', { tags: trigger.tags.join(', ') });
}

/** Outgoing webhooks of one image repository, with their access history, updated live. */
export function WebhooksSection({ repositoryId }: { readonly repositoryId: string }) {
  const { t } = useT();
  const list = useContractQuery('webhooks:list', { repositoryId });
  const webhooks = list.data;
  const [editing, setEditing] = useState<Webhook | 'new' | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  // Events keep the history live; while a delivery is still pending it is also read again now and
  // then, so an attempt that ends between two events is never left showing "pending".
  // Read 50 at a time (issue 15): older deliveries come with "Load more".
  const historyPages = useContractCursorPages('webhooks:page', { webhookId: selected ?? '', limit: 50 }, { enabled: selected !== undefined, refetchInterval: (deliveries) => (deliveries.some((d) => d.status === 'pending') ? 1500 : false) });
  const sendTest = useContractMutation('webhooks:test');
  const remove = useContractMutation('webhooks:delete');
  const redeliver = useContractMutation('webhooks:redeliver');
  const confirm = useConfirm();
  const problem = list.problem ?? historyPages.problem ?? sendTest.problem ?? remove.problem ?? redeliver.problem;
  const dismiss = () => (sendTest.reset(), remove.reset(), redeliver.reset());

  const askDelete = async (w: Webhook) => {
    if (!(await confirm({ title: t('webhooks.delete.title', { name: w.name }), body: t('webhooks.delete.body'), confirmLabel: t('webhooks.delete.confirm'), danger: true }))) return;
    if (w.id === selected) setSelected(undefined);
    remove.mutate({ id: w.id });
  };

  const selectedHook = webhooks?.find((w) => w.id === selected);
  return (
    <section className="card" aria-labelledby="webhooks-heading">
      <div className="card-title">
        <h2 id="webhooks-heading">{t('webhooks.list.title')}</h2>
        {!editing ? (
          <button type="button" onClick={() => setEditing('new')}>
            {t('webhooks.list.add')}
          </button>
        ) : null}
      </div>
      <InlineProblem problem={problem} onDismiss={list.problem || historyPages.problem ? undefined : dismiss} />
      {webhooks && webhooks.length === 0 && !editing ? (
        <p className="muted">{t('webhooks.list.empty')}</p>
      ) : null}
      {editing ? (
        <WebhookForm
          key={editing === 'new' ? 'new' : editing.id}
          repositoryId={repositoryId}
          {...(editing !== 'new' ? { initial: editing } : {})}
          onDone={() => setEditing(undefined)}
        />
      ) : null}
      {webhooks && webhooks.length > 0 ? (
        <table className="table" aria-label={t('webhooks.list.title')}>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.list.name')}</th>
              <th scope="col">{t('webhooks.list.url')}</th>
              <th scope="col">{t('webhooks.list.trigger')}</th>
              <th scope="col">{t('webhooks.list.lastDelivery')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('webhooks.list.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((w) => (
              <tr key={w.id} aria-selected={w.id === selected}>
                <td>
                  {w.name}
                  {w.hasSecret ? <span className="badge">{t('webhooks.list.signed')}</span> : null}
                </td>
                <td className="webhook-url">
                  <code>{w.url}</code>
                </td>
                <td>{describeTrigger(t, w.trigger)}</td>
                <td>{w.lastDelivery ? (w.lastDelivery.statusCode !== null ? t('webhooks.list.lastWithCode', { status: t('webhooks.status', { status: w.lastDelivery.status }), code: w.lastDelivery.statusCode }) : t('webhooks.status', { status: w.lastDelivery.status })) : <span className="muted">{t('webhooks.list.noneYet')}</span>}</td>
                <td className="actions">
                  <button type="button" className="ghost" aria-pressed={w.id === selected} aria-label={t('webhooks.list.historyLabel', { name: w.name })} onClick={() => setSelected(w.id === selected ? undefined : w.id)}>
                    {t('webhooks.list.history')}
                  </button>
                  <button type="button" className="ghost" aria-label={t('webhooks.list.sendTestLabel', { name: w.name })} onClick={() => (setSelected(w.id), sendTest.mutate({ id: w.id }))}>
                    {t('webhooks.list.sendTest')}
                  </button>
                  <button type="button" className="ghost" aria-label={t('webhooks.list.editLabel', { name: w.name })} onClick={() => setEditing(w)} disabled={Boolean(editing)}>
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    className="ghost danger"
                    aria-label={t('webhooks.list.deleteLabel', { name: w.name })}
                    onClick={() => void askDelete(w)}
                  >
                    {t('common.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {selectedHook ? (
        <div className="webhook-history" aria-labelledby="webhook-history-heading">
          <h3 id="webhook-history-heading">{t('webhooks.list.historyLabel', { name: selectedHook.name })}</h3>
          <WebhookHistory pages={historyPages} onRedeliver={(deliveryId) => redeliver.mutate({ deliveryId })} />
        </div>
      ) : null}
    </section>
  );
}
