import { useCallback, useEffect, useRef, useState } from 'react';
import type { Webhook, WebhookDelivery, WebhookTrigger } from '../../../../shared/models/webhook';
import { InlineProblem } from '../../components/InlineProblem';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';
import { WebhookForm } from './WebhookForm';
import { WebhookHistory } from './WebhookHistory';

function describeTrigger(trigger: WebhookTrigger): string {
  if (trigger.kind === 'all') return 'All tags';
  if (trigger.kind === 'expression') return `Tags matching /${trigger.expression}/`;
  return `Tags ${trigger.tags.join(', ')}`;
}

/** Outgoing webhooks of one image repository, with their access history, updated live. */
export function WebhooksSection({ repositoryId }: { readonly repositoryId: string }) {
  const client = useClient();
  const [webhooks, setWebhooks] = useState<readonly Webhook[] | undefined>();
  const [editing, setEditing] = useState<Webhook | 'new' | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [history, setHistory] = useState<readonly WebhookDelivery[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();

  const load = useCallback(async () => {
    try {
      setWebhooks(await client.call('webhooks:list', { repositoryId }));
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, [client, repositoryId]);

  // The latest selection, read when a load runs: "Send test event" selects and sends in one click,
  // and a closure from before that click would load nothing.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const loadHistory = useCallback(async () => {
    const webhookId = selectedRef.current;
    if (!webhookId) return setHistory(undefined);
    try {
      const deliveries = await client.call('webhooks:history', { webhookId });
      if (selectedRef.current === webhookId) setHistory(deliveries);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    setHistory(undefined);
    void loadHistory();
  }, [loadHistory, selected]);
  // Events keep the history live; while a delivery is still pending, look again now and then too,
  // so a missed event (a reconnecting socket) cannot leave it showing "pending".
  useEffect(() => {
    if (!history?.some((d) => d.status === 'pending')) return;
    const timer = setTimeout(() => void loadHistory(), 1500);
    return () => clearTimeout(timer);
  }, [history, loadHistory]);
  useEffect(
    () =>
      client.on('webhooks:delivery', (event) => {
        if (event.repositoryId !== repositoryId) return;
        void load();
        if (event.webhookId === selectedRef.current) void loadHistory();
      }),
    [client, repositoryId, load, loadHistory],
  );

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setProblem(undefined);
    } catch (error) {
      setProblem(toProblem(error));
    }
    await load();
    await loadHistory();
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
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
      {webhooks && webhooks.length === 0 && !editing ? (
        <p className="muted">No webhook yet. A webhook tells another system (a deployment, a chat) about every new image, with the tag and digest; add one, or try it first against the built-in test receiver.</p>
      ) : null}
      {editing ? (
        <WebhookForm
          key={editing === 'new' ? 'new' : editing.id}
          repositoryId={repositoryId}
          {...(editing !== 'new' ? { initial: editing } : {})}
          onDone={(saved) => {
            setEditing(undefined);
            if (saved) void load();
          }}
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
                  <button type="button" className="ghost" aria-label={`Send test event to ${w.name}`} onClick={() => (setSelected(w.id), void act(() => client.call('webhooks:test', { id: w.id })))}>
                    Send test event
                  </button>
                  <button type="button" className="ghost" aria-label={`Edit ${w.name}`} onClick={() => setEditing(w)} disabled={Boolean(editing)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="ghost danger"
                    aria-label={`Delete ${w.name}`}
                    onClick={() => {
                      if (!window.confirm(`Delete the webhook "${w.name}" and its history?`)) return;
                      if (w.id === selected) setSelected(undefined);
                      void act(() => client.call('webhooks:delete', { id: w.id }));
                    }}
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
          <WebhookHistory deliveries={history} onRedeliver={(deliveryId) => void act(() => client.call('webhooks:redeliver', { deliveryId }))} />
        </div>
      ) : null}
    </section>
  );
}
