import { useState } from 'react';
import type { Webhook, WebhookTrigger } from '../../../../shared/models/webhook';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { useConfirm } from '../../components/ConfirmDialog';
import { InlineProblem } from '../../components/InlineProblem';
import { WebhookForm } from './WebhookForm';
import { WebhookHistory } from './WebhookHistory';

function describeTrigger(trigger: WebhookTrigger): string {
  if (trigger.kind === 'all') return 'All tags';
  if (trigger.kind === 'expression') return `Tags matching /${trigger.expression}/`;
  return `Tags ${trigger.tags.join(', ')}`;
}

/** Outgoing webhooks of one image repository, with their access history, updated live. */
export function WebhooksSection({ repositoryId }: { readonly repositoryId: string }) {
  const list = useContractQuery('webhooks:list', { repositoryId });
  const webhooks = list.data;
  const [editing, setEditing] = useState<Webhook | 'new' | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  // Events keep the history live; while a delivery is still pending it is also read again now and
  // then, so an attempt that ends between two events is never left showing "pending".
  const historyQuery = useContractQuery('webhooks:history', { webhookId: selected ?? '' }, { enabled: selected !== undefined, refetchInterval: (deliveries) => (deliveries?.some((d) => d.status === 'pending') ? 1500 : false) });
  const history = selected ? historyQuery.data : undefined;
  const sendTest = useContractMutation('webhooks:test');
  const remove = useContractMutation('webhooks:delete');
  const redeliver = useContractMutation('webhooks:redeliver');
  const confirm = useConfirm();
  const problem = list.problem ?? historyQuery.problem ?? sendTest.problem ?? remove.problem ?? redeliver.problem;
  const dismiss = () => (sendTest.reset(), remove.reset(), redeliver.reset());

  const askDelete = async (w: Webhook) => {
    if (!(await confirm({ title: `Delete the webhook “${w.name}”?`, body: 'Its delivery history goes too.', confirmLabel: 'Delete webhook', danger: true }))) return;
    if (w.id === selected) setSelected(undefined);
    remove.mutate({ id: w.id });
  };

  const selectedHook = webhooks?.find((w) => w.id === selected);
  return (
    <section className="card" aria-labelledby="webhooks-heading">
      <div className="card-title">
        <h2 id="webhooks-heading">Webhooks</h2>
        {!editing ? (
          <button type="button" onClick={() => setEditing('new')}>
            Add webhook
          </button>
        ) : null}
      </div>
      <InlineProblem problem={problem} onDismiss={list.problem || historyQuery.problem ? undefined : dismiss} />
      {webhooks && webhooks.length === 0 && !editing ? (
        <p className="muted">No webhook yet. A webhook tells another system (a deployment, a chat) about every new image, with the tag and digest; add one, or try it first against the built-in test receiver.</p>
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
        <table className="table" aria-label="Webhooks">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">URL</th>
              <th scope="col">Trigger</th>
              <th scope="col">Last delivery</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((w) => (
              <tr key={w.id} aria-selected={w.id === selected}>
                <td>
                  {w.name}
                  {w.hasSecret ? <span className="badge">signed</span> : null}
                </td>
                <td className="webhook-url">
                  <code>{w.url}</code>
                </td>
                <td>{describeTrigger(w.trigger)}</td>
                <td>{w.lastDelivery ? `${w.lastDelivery.status === 'succeeded' ? 'Delivered' : w.lastDelivery.status === 'failed' ? 'Failed' : 'Pending'}${w.lastDelivery.statusCode !== null ? ` (${w.lastDelivery.statusCode})` : ''}` : <span className="muted">None yet</span>}</td>
                <td className="actions">
                  <button type="button" className="ghost" aria-pressed={w.id === selected} aria-label={`Access history of ${w.name}`} onClick={() => setSelected(w.id === selected ? undefined : w.id)}>
                    History
                  </button>
                  <button type="button" className="ghost" aria-label={`Send test event to ${w.name}`} onClick={() => (setSelected(w.id), sendTest.mutate({ id: w.id }))}>
                    Send test event
                  </button>
                  <button type="button" className="ghost" aria-label={`Edit ${w.name}`} onClick={() => setEditing(w)} disabled={Boolean(editing)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="ghost danger"
                    aria-label={`Delete ${w.name}`}
                    onClick={() => void askDelete(w)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {selectedHook ? (
        <div className="webhook-history" aria-labelledby="webhook-history-heading">
          <h3 id="webhook-history-heading">Access history of {selectedHook.name}</h3>
          <WebhookHistory deliveries={history} onRedeliver={(deliveryId) => redeliver.mutate({ deliveryId })} />
        </div>
      ) : null}
    </section>
  );
}
