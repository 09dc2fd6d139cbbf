import { useState } from 'react';
import type { WebhookAttempt, WebhookDelivery } from '../../../../shared/models/webhook';

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function Headers({ label, headers }: { readonly label: string; readonly headers: readonly (readonly [string, string])[] }) {
  return (
    <div>
      <h5>{label}</h5>
      {headers.length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <pre className="webhook-pre" aria-label={label}>
          {headers.map(([n, v]) => `${n}: ${v}`).join('\n')}
        </pre>
      )}
    </div>
  );
}

function Attempt({ attempt }: { readonly attempt: WebhookAttempt }) {
  const [open, setOpen] = useState(false);
  const id = `attempt-${attempt.id}`;
  return (
    <li className={`webhook-attempt ${attempt.outcome}`} data-testid="webhook-attempt">
      <button type="button" className="ghost webhook-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Attempt {attempt.number} · <strong data-testid="attempt-status">{attempt.statusCode ?? 'no answer'}</strong> · {when(attempt.startedAt)} · {attempt.durationMs} ms
      </button>
      <p className="small">{attempt.error ? `${attempt.error} ` : ''}{attempt.note}</p>
      {open ? (
        <div id={id} className="webhook-attempt-detail">
          <p className="small muted">
            Attempt id {attempt.id} · POST <code>{attempt.url}</code>
          </p>
          <div className="two-col">
            <div>
              <Headers label="Request headers" headers={attempt.requestHeaders} />
              <h5>Request body</h5>
              <pre className="webhook-pre" aria-label="Request body">
                {prettyBody(attempt.requestBody)}
              </pre>
            </div>
            <div>
              <Headers label="Response headers" headers={attempt.responseHeaders} />
              <h5>Response body{attempt.responseTruncated ? ' (first part only)' : ''}</h5>
              {attempt.responseBody ? (
                <pre className="webhook-pre" aria-label="Response body">
                  {prettyBody(attempt.responseBody)}
                </pre>
              ) : (
                <p className="muted small">Empty.</p>
              )}
            </div>
          </div>
        </div>
      ) : null}
    </li>
  );
}

const statusLabel: Record<WebhookDelivery['status'], string> = { pending: 'Pending', succeeded: 'Delivered', failed: 'Failed' };

interface Props {
  readonly deliveries: readonly WebhookDelivery[] | undefined;
  readonly onRedeliver: (deliveryId: string) => void;
}

/** The access history: one row per delivery, each opening onto every attempt with its headers and bodies. */
export function WebhookHistory({ deliveries, onRedeliver }: Props) {
  const [open, setOpen] = useState<string | undefined>();
  if (!deliveries) return <p className="muted small">Loading the history…</p>;
  if (deliveries.length === 0) return <p className="muted">No delivery yet. Push a matching tag, or use “Send test event” to see one now.</p>;
  return (
    <ul className="webhook-deliveries" aria-label="Access history">
      {deliveries.map((d) => {
        const last = d.attempts.at(-1);
        const expanded = open === d.id;
        return (
          <li key={d.id} className={`webhook-delivery ${d.status}`} data-testid="webhook-delivery">
            <div className="webhook-delivery-row">
              <button type="button" className="ghost webhook-toggle" aria-expanded={expanded} aria-controls={`delivery-${d.id}`} onClick={() => setOpen(expanded ? undefined : d.id)}>
                <span aria-hidden="true">{expanded ? '▾' : '▸'}</span> <span className={`badge webhook-${d.status}`}>{statusLabel[d.status]}</span>{' '}
                <strong data-testid="delivery-status-code">{last?.statusCode ?? '—'}</strong> · {d.event === 'test' ? 'Test event' : `Tag ${d.tag}`} · {when(last?.startedAt ?? d.createdAt)} · {d.attempts.length}{' '}
                {d.attempts.length === 1 ? 'attempt' : 'attempts'}
                {d.redeliveryOf ? ' · redelivery' : ''}
              </button>
              <button type="button" className="ghost" onClick={() => onRedeliver(d.id)} aria-label={`Redeliver ${d.event === 'test' ? 'the test event' : `tag ${d.tag}`} from ${when(d.createdAt)}`}>
                Redeliver
              </button>
            </div>
            {d.status === 'pending' && d.nextAttemptAt ? <p className="small muted">Next attempt {when(d.nextAttemptAt)}.</p> : null}
            {expanded ? (
              <div id={`delivery-${d.id}`}>
                <p className="small muted">
                  Delivery id <code>{d.id}</code> (X-Slipway-Delivery) · digest <code>{d.digest}</code>
                </p>
                {d.attempts.length === 0 ? <p className="muted small">Not sent yet.</p> : null}
                <ol className="webhook-attempts">
                  {d.attempts.map((a) => (
                    <Attempt key={a.id} attempt={a} />
                  ))}
                </ol>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
