import { useState, type FormEvent } from 'react';
import { namespaceInputSchema } from '../../../../shared/models/repository';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation } from '../../api/hooks';
import { useCatalog } from '../../app/context';
import { useT } from '../../i18n/use-t';
import { issuePhrase } from '../../../../shared/i18n/zod-issue';

export function NamespaceForm({ onDone }: { readonly onDone: () => void }) {
  const { t, word } = useT();
  const registries = useCatalog((s) => s.registries);
  const addNamespace = useContractMutation('namespaces:create');
  const [registryId, setRegistryId] = useState(registries[0]?.id ?? '');
  const [name, setName] = useState('');
  const [autoCreate, setAutoCreate] = useState(true);
  const [type, setType] = useState<'public' | 'private'>('private');
  const [error, setError] = useState<string | undefined>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = namespaceInputSchema.safeParse({ registryId, name, autoCreateRepository: autoCreate, defaultRepositoryType: type });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(issue ? word(issuePhrase(issue)) : undefined);
      return;
    }
    setError(undefined);
    addNamespace.mutate(parsed.data, { onSuccess: onDone });
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="ns-heading">
      <h2 id="ns-heading">{t('repositories.namespaceForm.title')}</h2>
      <InlineProblem problem={addNamespace.problem} onDismiss={addNamespace.reset} />
      <Field label={t('repositories.namespaceForm.registry')}>
        {(p) => (
          <select {...p} className="wide" value={registryId} onChange={(e) => setRegistryId(e.target.value)}>
            {registries.map((r) => (
              <option key={r.id} value={r.id}>
                {t('repositories.namespaceForm.registryOption', { name: r.name, endpoint: r.endpoint })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('repositories.namespaceForm.namespace')} error={error} help={t('repositories.namespaceForm.namespaceHelp')}>
        {(p) => <input {...p} className="wide" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} autoFocus />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={autoCreate} onChange={(e) => setAutoCreate(e.target.checked)} /> {t('repositories.namespaceForm.autoCreate')}
      </label>
      <Field label={t('repositories.namespaceForm.defaultType')}>
        {(p) => (
          <select {...p} value={type} onChange={(e) => setType(e.target.value as 'public' | 'private')}>
            <option value="private">{t('repositories.type.private')}</option>
            <option value="public">{t('repositories.type.public')}</option>
          </select>
        )}
      </Field>
      <div className="buttons">
        <button type="submit" disabled={addNamespace.isPending}>
          {t('repositories.namespaceForm.create')}
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
