import { useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { WebhookAttempt } from '../../../../shared/models/webhook';
import type { ContractCursorPages } from '../../api/hooks';
import { LoadMore } from '../../components/LoadMore';
import { useFormats, type Formats } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { attemptNote, attemptError } from './attempt-text';
import './webhooks.css';

/** A stored time in the reader's locale; a value that is not a time is shown as stored. */
function when(formats: Formats, iso: string): string {
  return Number.isNaN(new Date(iso).getTime()) ? iso : formats.dateTime(iso);
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function Headers({ label, headers }: { readonly label: string; readonly headers: readonly (readonly [string, string])[] }) {
  const { t } = useT();
  return (
    <div>
      <h5>{label}</h5>
      {headers.length === 0 ? (
        <p className="muted small">{t('webhooks.history.noHeaders')}</p>
      ) : (
        <pre className="webhook-pre" aria-label={label}>
          {headers.map(([n, v]) => `${n}: ${v}`).join('\n')}
        </pre>
      )}
    </div>
  );
}

function Attempt({ attempt }: { readonly attempt: WebhookAttempt }) {
  const { t, word } = useT();
  const formats = useFormats();
  const [open, setOpen] = useState(false);
  const id = `attempt-${attempt.id}`;
  const error = attemptError(attempt);
  return (
    <li className={`webhook-attempt ${attempt.outcome}`} data-testid="webhook-attempt">
      <button type="button" className="ghost webhook-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        <span aria-hidden="true" className="disclosure" />
        <FormattedMessage
          id="webhooks.history.attemptLine"
          values={{
            number: attempt.number,
            status: <strong data-testid="attempt-status">{attempt.statusCode ?? t('webhooks.history.noAnswer')}</strong>,
            at: when(formats, attempt.startedAt),
            duration: formats.duration(attempt.durationMs),
          }}
        />
      </button>
      <p className="small">{error ? t('webhooks.history.errorAndNote', { error: word(error), note: word(attemptNote(attempt)) }) : word(attemptNote(attempt))}</p>
      {open ? (
        <div id={id} className="webhook-attempt-detail">
          <p className="small muted">
            <FormattedMessage id="webhooks.history.attemptId" values={{ id: String(attempt.id), url: attempt.url, code: (c) => <code>{c}</code> }} />
          </p>
          <div className="two-col">
            <div>
              <Headers label={t('webhooks.history.requestHeaders')} headers={attempt.requestHeaders} />
              <h5>{t('webhooks.history.requestBody')}</h5>
              <pre className="webhook-pre" aria-label={t('webhooks.history.requestBody')}>
                {prettyBody(attempt.requestBody)}
              </pre>
            </div>
            <div>
              <Headers label={t('webhooks.history.responseHeaders')} headers={attempt.responseHeaders} />
              <h5>{t('webhooks.history.responseBodyHeading', { truncated: attempt.responseTruncated ? 'yes' : 'no' })}</h5>
              {attempt.responseBody ? (
                <pre className="webhook-pre" aria-label={t('webhooks.history.responseBody')}>
                  {prettyBody(attempt.responseBody)}
                </pre>
              ) : (
                <p className="muted small">{t('webhooks.history.emptyBody')}</p>
              )}
            </div>
          </div>
        </div>
      ) : null}
    </li>
  );
}

interface Props {
  readonly pages: ContractCursorPages<'webhooks:page'>;
  readonly onRedeliver: (deliveryId: string) => void;
}

/** The access history: one row per delivery, each opening onto every attempt with its headers and bodies. */
export function WebhookHistory({ pages, onRedeliver }: Props) {
  const { t } = useT();
  const deliveries = pages.items;
  const formats = useFormats();
  const [open, setOpen] = useState<string | undefined>();
  if (!deliveries) return <p className="muted small">{t('webhooks.history.loading')}</p>;
  if (deliveries.length === 0) return <p className="muted">{t('webhooks.history.empty')}</p>;
  return (
    <>
      <ul className="webhook-deliveries" aria-label={t('webhooks.history.label')}>
        {deliveries.map((d) => {
          const last = d.attempts.at(-1);
          const expanded = open === d.id;
          return (
            <li key={d.id} className={`webhook-delivery ${d.status}`} data-testid="webhook-delivery">
              <div className="webhook-delivery-row">
                <button type="button" className="ghost webhook-toggle" aria-expanded={expanded} aria-controls={`delivery-${d.id}`} onClick={() => setOpen(expanded ? undefined : d.id)}>
                  <span aria-hidden="true" className="disclosure" />
                  <FormattedMessage
                    id="webhooks.history.deliveryLine"
                    values={{
                      status: <span className={`badge webhook-${d.status}`}>{t('webhooks.status', { status: d.status })}</span>,
                      code: <strong data-testid="delivery-status-code">{last?.statusCode ?? t('webhooks.history.noStatusCode')}</strong>,
                      event: d.event,
                      tag: d.tag,
                      at: when(formats, last?.startedAt ?? d.createdAt),
                      attempts: d.attempts.length,
                      redelivery: d.redeliveryOf ? 'yes' : 'no',
                    }}
                  />
                </button>
                <button type="button" className="ghost" onClick={() => onRedeliver(d.id)} aria-label={t('webhooks.history.redeliverLabel', { event: d.event, tag: d.tag, at: when(formats, d.createdAt) })}>
                  {t('webhooks.history.redeliver')}
                </button>
              </div>
              {d.status === 'pending' && d.nextAttemptAt ? <p className="small muted">{t('webhooks.history.nextAttempt', { at: when(formats, d.nextAttemptAt) })}</p> : null}
              {expanded ? (
                <div id={`delivery-${d.id}`}>
                  <p className="small muted">
                    <FormattedMessage id="webhooks.history.deliveryId" values={{ id: d.id, digest: d.digest, code: (c) => <code>{c}</code> }} />
                  </p>
                  {d.attempts.length === 0 ? <p className="muted small">{t('webhooks.history.notSent')}</p> : null}
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
      <LoadMore pages={pages} label={t('webhooks.history.loadMore')} loading={t('webhooks.history.loadingMore')} />
    </>
  );
}
