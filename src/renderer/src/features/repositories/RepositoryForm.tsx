import { useState, type FormEvent } from 'react';
import { imageRepositoryInputSchema } from '../../../../shared/models/repository';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation } from '../../api/hooks';
import { useCatalog } from '../../app/context';

export function RepositoryForm({ onDone }: { readonly onDone: (id?: string) => void }) {
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
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    addRepository.mutate(parsed.data, { onSuccess: (created) => onDone(created.id) });
  }

  const registryOf = (registryId: string) => registries.find((r) => r.id === registryId)?.endpoint ?? '';
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="repo-heading">
      <h2 id="repo-heading">New image repository</h2>
      <InlineProblem problem={addRepository.problem} onDismiss={addRepository.reset} />
      <Field label="Namespace">
        {(p) => (
          <select {...p} className="wide" value={namespaceId} onChange={(e) => setNamespaceId(e.target.value)}>
            {namespaces.map((n) => (
              <option key={n.id} value={n.id}>
                {registryOf(n.registryId)}/{n.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Repository name" error={errors.name} help="Lowercase, like my-app or tools/cli.">
        {(p) => <input {...p} className="wide" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} autoFocus />}
      </Field>
      <Field label="Repository type">
        {(p) => (
          <select {...p} value={type} onChange={(e) => setType(e.target.value as 'public' | 'private' | '')}>
            <option value="">Namespace default ({namespace?.defaultRepositoryType ?? 'private'})</option>
            <option value="private">Private</option>
            <option value="public">Public</option>
          </select>
        )}
      </Field>
      <Field label="Summary" error={errors.summary}>
        {(p) => <input {...p} className="wide" value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={100} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={autoBuild} onChange={(e) => setAutoBuild(e.target.checked)} /> Automatically build images when code changes
      </label>
      <label className="check">
        <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} /> Build without cache
      </label>
      <div className="buttons">
        <button type="submit" disabled={addRepository.isPending}>
          Create repository
        </button>
        <button type="button" className="ghost" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
