import { useState, type FormEvent } from 'react';
import { registryInputSchema, type Registry } from '../../../../shared/models/registry';
import { Field } from '../../components/Field';
import { useContractMutation } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { useT } from '../../i18n/use-t';
import { issuePhrase } from '../../../../shared/i18n/zod-issue';

interface Props {
  readonly onDone: () => void;
  /** Editing an existing registry: its password and CA stay unless replaced. */
  readonly initial?: Registry;
}

const empty = { name: '', endpoint: '', username: '', password: '', insecure: false, caCertPem: '' };

export function RegistryForm({ onDone, initial }: Props) {
  const { t, word } = useT();
  const addRegistry = useContractMutation('registries:create');
  const updateRegistry = useContractMutation('registries:update');
  const save = initial ? updateRegistry : addRegistry;
  const [values, setValues] = useState(initial ? { ...empty, name: initial.name, endpoint: initial.endpoint, username: initial.username, insecure: initial.insecure } : empty);
  const [errors, setErrors] = useState<Partial<Record<keyof typeof empty, string>>>({});
  const set = <K extends keyof typeof empty>(key: K, value: (typeof empty)[K]) => setValues((v) => ({ ...v, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = registryInputSchema.safeParse({ ...values, password: values.password || undefined, caCertPem: values.caCertPem || undefined });
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof typeof empty] ??= word(issuePhrase(issue));
      setErrors(next);
      return;
    }
    setErrors({});
    const { caCertPem, password, ...rest } = parsed.data;
    const done = {
      onSuccess: () => {
        setValues(empty);
        onDone();
      },
    };
    if (initial) updateRegistry.mutate({ id: initial.id, ...rest, ...(caCertPem ? { caCertPem } : {}), ...(password ? { password } : {}) }, done);
    else addRegistry.mutate(parsed.data, done);
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="add-registry-heading">
      <h2 id="add-registry-heading">{initial ? t('registries.form.editTitle', { name: initial.name }) : t('registries.form.addTitle')}</h2>
      <InlineProblem problem={save.problem} onDismiss={save.reset} />
      <Field label={t('registries.form.name')} error={errors.name}>
        {(p) => <input {...p} className="wide" value={values.name} onChange={(e) => set('name', e.target.value)} placeholder={t('registries.form.namePlaceholder')} autoFocus />}
      </Field>
      <Field label={t('registries.form.endpoint')} error={errors.endpoint} help={t('registries.form.endpointHelp')}>
        {(p) => <input {...p} className="wide" value={values.endpoint} onChange={(e) => set('endpoint', e.target.value)} placeholder={t('registries.form.endpointPlaceholder')} spellCheck={false} />}
      </Field>
      <Field label={t('registries.form.username')} error={errors.username}>
        {(p) => <input {...p} className="wide" value={values.username} onChange={(e) => set('username', e.target.value)} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field label={t('registries.form.password')} error={errors.password} help={initial?.hasPassword ? t('registries.form.passwordStored') : t('registries.form.passwordHelp')}>
        {(p) => <input {...p} className="wide" type="password" value={values.password} onChange={(e) => set('password', e.target.value)} autoComplete="new-password" />}
      </Field>
      <Field label={t('registries.form.caCert')} error={errors.caCertPem} help={initial?.hasCaCert ? t('registries.form.caCertStored') : t('registries.form.caCertHelp')}>
        {(p) => <textarea {...p} className="wide" rows={3} value={values.caCertPem} onChange={(e) => set('caCertPem', e.target.value)} spellCheck={false} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={values.insecure} onChange={(e) => set('insecure', e.target.checked)} /> {t('registries.form.insecure')}
      </label>
      <div className="buttons">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : initial ? t('registries.form.save') : t('registries.form.add')}
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
