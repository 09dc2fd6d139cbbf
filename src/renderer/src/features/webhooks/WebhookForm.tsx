import { useState, type FormEvent } from 'react';
import { compileOrDetail, triggerFires, webhookInputSchema, webhookTriggerSchema, type Webhook, type WebhookTrigger } from '../../../../shared/models/webhook';
import { issuePhrase } from '../../../../shared/i18n/zod-issue';
import { useT } from '../../i18n/use-t';
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
  const { t, word } = useT();
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

  // The one refusal whose words are partly the JavaScript engine's: said in a sentence of ours.
  const wordIssue = (issue: Parameters<typeof issuePhrase>[0]): string => {
    const compiled = issue.code === 'custom' && issue.path.includes('expression') ? compileOrDetail(expression) : undefined;
    return compiled && !(compiled instanceof RegExp) ? t('webhooks.form.badExpression', { detail: compiled.detail }) : word(issuePhrase(issue));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = webhookInputSchema.safeParse({ repositoryId, name, url, trigger, ...(secret ? { secret } : {}) });
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) next[(issue.path[0] === 'trigger' ? 'trigger' : issue.path[0]) as FieldName] ??= wordIssue(issue);
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
      <h3 id={headingId}>{initial ? t('webhooks.form.editTitle', { name: initial.name }) : t('webhooks.form.addTitle')}</h3>
      <InlineProblem problem={save.problem ?? receiver.problem} onDismiss={() => (save.reset(), receiver.reset())} />
      <Field label={t('webhooks.form.name')} error={errors.name}>
        {(p) => <input {...p} className="wide" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('webhooks.form.namePlaceholder')} autoFocus />}
      </Field>
      <Field label={t('webhooks.form.url')} error={errors.url} help={t('webhooks.form.urlHelp')}>
        {(p) => <input {...p} className="wide" value={url} onChange={(e) => setUrl(e.target.value)} placeholder={t('webhooks.form.urlPlaceholder')} spellCheck={false} />}
      </Field>
      <div className="buttons">
        <button type="button" className="ghost" onClick={fillReceiver}>
          {t('webhooks.form.useReceiver')}
        </button>
      </div>
      <fieldset className="webhook-trigger">
        <legend>{t('webhooks.form.trigger')}</legend>
        <label className="check">
          <input type="radio" name="trigger" checked={kind === 'all'} onChange={() => setKind('all')} /> {t('webhooks.trigger.all')}
        </label>
        <label className="check">
          <input type="radio" name="trigger" checked={kind === 'expression'} onChange={() => setKind('expression')} /> {t('webhooks.form.triggerExpression')}
        </label>
        <label className="check">
          <input type="radio" name="trigger" checked={kind === 'tags'} onChange={() => setKind('tags')} /> {t('webhooks.form.triggerTags')}
        </label>
        {kind === 'expression' ? (
          <Field label={t('webhooks.form.expression')} error={errors.trigger} help={t('webhooks.form.expressionHelp')}>
            {(p) => <input {...p} className="wide mono" value={expression} onChange={(e) => setExpression(e.target.value)} spellCheck={false} />}
          </Field>
        ) : null}
        {kind === 'tags' ? (
          <Field label={t('webhooks.form.tags')} error={errors.trigger} help={t('webhooks.form.tagsHelp')}>
            {(p) => <input {...p} className="wide mono" value={tags} onChange={(e) => setTags(e.target.value)} spellCheck={false} />}
          </Field>
        ) : null}
        {kind !== 'all' ? (
          <Field label={t('webhooks.form.sample')} help={sample ? t('webhooks.form.sampleResult', { tag: sample, fires: webhookTriggerSchema.safeParse(trigger).success && triggerFires(trigger, sample) ? 'yes' : 'no' }) : t('webhooks.form.sampleHelp')}>
            {(p) => <input {...p} className="mono" value={sample} onChange={(e) => setSample(e.target.value)} spellCheck={false} />}
          </Field>
        ) : null}
      </fieldset>
      <Field
        label={t('webhooks.form.secret')}
        error={errors.secret}
        help={initial?.hasSecret ? t('webhooks.form.secretStored') : t('webhooks.form.secretHelp')}
      >
        {(p) => <input {...p} className="wide" type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" />}
      </Field>
      {initial?.hasSecret ? (
        <label className="check">
          <input type="checkbox" checked={removeSecret} onChange={(e) => setRemoveSecret(e.target.checked)} disabled={Boolean(secret)} /> {t('webhooks.form.removeSecret')}
        </label>
      ) : null}
      <div className="buttons">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : initial ? t('webhooks.form.save') : t('webhooks.form.add')}
        </button>
        <button type="button" className="ghost" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
