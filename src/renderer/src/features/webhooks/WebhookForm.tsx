import { useState, type FormEvent } from 'react';
import { triggerFires, webhookInputSchema, webhookTriggerSchema, type Webhook, type WebhookTrigger } from '../../../../shared/models/webhook';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation } from '../../api/hooks';

interface Props {
  readonly repositoryId: string;
  /** Editing: the stored secret stays unless replaced or removed. */
  readonly initial?: Webhook;
  readonly onDone: (saved: boolean) => void;
}

type Kind = WebhookTrigger['kind'];
type FieldName = 'name' | 'url' | 'trigger' | 'secret';

function splitTags(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export function WebhookForm({ repositoryId, initial, onDone }: Props) {
  const receiver = useContractMutation('webhooks:receiver');
  const create = useContractMutation('webhooks:create');
  const update = useContractMutation('webhooks:update');
  const save = initial ? update : create;
  const [name, setName] = useState(initial?.name ?? '');
  const [url, setUrl] = useState(initial?.url ?? '');
  const [kind, setKind] = useState<Kind>(initial?.trigger.kind ?? 'all');
  const [expression, setExpression] = useState(initial?.trigger.kind === 'expression' ? initial.trigger.expression : '');
  const [tags, setTags] = useState(initial?.trigger.kind === 'tags' ? initial.trigger.tags.join(', ') : '');
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [sample, setSample] = useState('');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});

  const trigger: WebhookTrigger = kind === 'all' ? { kind } : kind === 'expression' ? { kind, expression } : { kind, tags: splitTags(tags) };

  function fillReceiver() {
    receiver.mutate({}, { onSuccess: (found) => setUrl(found.url) });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = webhookInputSchema.safeParse({ repositoryId, name, url, trigger, ...(secret ? { secret } : {}) });
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) next[(issue.path[0] === 'trigger' ? 'trigger' : issue.path[0]) as FieldName] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    const done = { onSuccess: () => onDone(true) };
    if (initial) update.mutate({ id: initial.id, name: parsed.data.name, url: parsed.data.url, trigger: parsed.data.trigger, ...(secret ? { secret } : removeSecret ? { secret: null } : {}) }, done);
    else create.mutate(parsed.data, done);
  }

  const headingId = initial ? `edit-webhook-${initial.id}` : 'add-webhook-heading';
  return (
    <form className="form webhook-form" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h3 id={headingId}>{initial ? `Edit ${initial.name}` : 'Add webhook'}</h3>
      <InlineProblem problem={save.problem ?? receiver.problem} onDismiss={() => (save.reset(), receiver.reset())} />
      <Field label="Webhook name" error={errors.name}>
        {(p) => <input {...p} className="wide" value={name} onChange={(e) => setName(e.target.value)} placeholder="redeploy" autoFocus />}
      </Field>
      <Field label="Webhook URL" error={errors.url} help="Slipway POSTs a JSON body here for every matching tag.">
        {(p) => <input {...p} className="wide" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/hooks/slipway" spellCheck={false} />}
      </Field>
      <div className="buttons">
        <button type="button" className="ghost" onClick={fillReceiver}>
          Use the built-in test receiver
        </button>
      </div>
      <fieldset className="webhook-trigger">
        <legend>Trigger</legend>
        <label className="check">
          <input type="radio" name="trigger" checked={kind === 'all'} onChange={() => setKind('all')} /> All tags
        </label>
        <label className="check">
          <input type="radio" name="trigger" checked={kind === 'expression'} onChange={() => setKind('expression')} /> Tags matching an expression
        </label>
        <label className="check">
          <input type="radio" name="trigger" checked={kind === 'tags'} onChange={() => setKind('tags')} /> Selected tags
        </label>
        {kind === 'expression' ? (
          <Field label="Tag expression" error={errors.trigger} help="A regular expression over the whole tag name: v\d+\.\d+\.\d+ fires for v1.2.3, not for v1.2.3-rc1.">
            {(p) => <input {...p} className="wide mono" value={expression} onChange={(e) => setExpression(e.target.value)} spellCheck={false} />}
          </Field>
        ) : null}
        {kind === 'tags' ? (
          <Field label="Tag list" error={errors.trigger} help="Separate tags with commas or spaces: latest, stable.">
            {(p) => <input {...p} className="wide mono" value={tags} onChange={(e) => setTags(e.target.value)} spellCheck={false} />}
          </Field>
        ) : null}
        {kind !== 'all' ? (
          <Field label="Try a tag" help={sample ? (webhookTriggerSchema.safeParse(trigger).success && triggerFires(trigger, sample) ? `“${sample}” fires this webhook.` : `“${sample}” does not fire it.`) : 'Type a tag to see whether it would fire.'}>
            {(p) => <input {...p} className="mono" value={sample} onChange={(e) => setSample(e.target.value)} spellCheck={false} />}
          </Field>
        ) : null}
      </fieldset>
      <Field
        label="Secret (optional)"
        error={errors.secret}
        help={initial?.hasSecret ? 'A secret is stored; leave this empty to keep it. It is never shown again.' : 'With a secret, each delivery is signed (X-Slipway-Signature); the README shows how to verify it. Kept encrypted; never shown again.'}
      >
        {(p) => <input {...p} className="wide" type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />}
      </Field>
      {initial?.hasSecret ? (
        <label className="check">
          <input type="checkbox" checked={removeSecret} onChange={(e) => setRemoveSecret(e.target.checked)} disabled={Boolean(secret)} /> Remove the stored secret (deliveries go unsigned)
        </label>
      ) : null}
      <div className="buttons">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : initial ? 'Save webhook' : 'Add webhook'}
        </button>
        <button type="button" className="ghost" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
