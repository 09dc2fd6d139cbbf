import { useState, type FormEvent } from 'react';
import { imageRepositoryInputSchema } from '../../../../shared/models/repository';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation } from '../../api/hooks';
import { useCatalog } from '../../app/context';
import { useT } from '../../i18n/use-t';
import { issuePhrase } from '../../../../shared/i18n/zod-issue';

export function RepositoryForm({ onDone }: { readonly onDone: (id?: string) => void }) {
  const { t, word } = useT();
  const namespaces = useCatalog((s) => s.namespaces);
  const registries = useCatalog((s) => s.registries);
  const addRepository = useContractMutation('repositories:create');
  const [namespaceId, setNamespaceId] = useState(namespaces[0]?.id ?? '');
  const namespace = namespaces.find((n) => n.id === namespaceId);
  const [name, setName] = useState('');
  const [type, setType] = useState<'public' | 'private' | ''>('');
  const [summary, setSummary] = useState('');
  const [autoBuild, setAutoBuild] = useState(true);
  const [noCache, setNoCache] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = imageRepositoryInputSchema.safeParse({ namespaceId, name, summary, autoBuild, noCache, ...(type ? { type } : {}) });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= word(issuePhrase(issue));
      setErrors(next);
      return;
    }
    setErrors({});
    addRepository.mutate(parsed.data, { onSuccess: (created) => onDone(created.id) });
  }

  const registryOf = (registryId: string) => registries.find((r) => r.id === registryId)?.endpoint ?? '';
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="repo-heading">
      <h2 id="repo-heading">{t('repositories.form.title')}</h2>
      <InlineProblem problem={addRepository.problem} onDismiss={addRepository.reset} />
      <Field label={t('repositories.form.namespace')}>
        {(p) => (
          <select {...p} className="wide" value={namespaceId} onChange={(e) => setNamespaceId(e.target.value)}>
            {namespaces.map((n) => (
              <option key={n.id} value={n.id}>
                {t('repositories.form.namespaceOption', { registry: registryOf(n.registryId), name: n.name })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('repositories.form.name')} error={errors.name} help={t('repositories.form.nameHelp')}>
        {(p) => <input {...p} className="wide" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} autoFocus />}
      </Field>
      <Field label={t('repositories.form.type')}>
        {(p) => (
          <select {...p} value={type} onChange={(e) => setType(e.target.value as 'public' | 'private' | '')}>
            <option value="">{t('repositories.form.typeDefault', { type: namespace?.defaultRepositoryType ?? 'private' })}</option>
            <option value="private">{t('repositories.type.private')}</option>
            <option value="public">{t('repositories.type.public')}</option>
          </select>
        )}
      </Field>
      <Field label={t('repositories.form.summary')} error={errors.summary}>
        {(p) => <input {...p} className="wide" value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={100} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={autoBuild} onChange={(e) => setAutoBuild(e.target.checked)} /> {t('repositories.settings.autoBuild')}
      </label>
      <label className="check">
        <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} /> {t('repositories.settings.noCache')}
      </label>
      <div className="buttons">
        <button type="submit" disabled={addRepository.isPending}>
          {t('repositories.form.create')}
        </button>
        <button type="button" className="ghost" onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
