import { useState, type FormEvent } from 'react';
import { namespaceInputSchema } from '../../../../shared/models/repository';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation } from '../../api/hooks';
import { useCatalog } from '../../app/context';

export function NamespaceForm({ onDone }: { readonly onDone: () => void }) {
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
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    addNamespace.mutate(parsed.data, { onSuccess: onDone });
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="ns-heading">
      <h2 id="ns-heading">New namespace</h2>
      <InlineProblem problem={addNamespace.problem} onDismiss={addNamespace.reset} />
      <Field label="Registry">
        {(p) => (
          <select {...p} className="wide" value={registryId} onChange={(e) => setRegistryId(e.target.value)}>
            {registries.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.endpoint})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Namespace" error={error} help="Your user or organisation in the registry, like acme or acme/team.">
        {(p) => <input {...p} className="wide" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} autoFocus />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={autoCreate} onChange={(e) => setAutoCreate(e.target.checked)} /> Automatically create repository on first push
      </label>
      <Field label="Default repository type">
        {(p) => (
          <select {...p} value={type} onChange={(e) => setType(e.target.value as 'public' | 'private')}>
            <option value="private">Private</option>
            <option value="public">Public</option>
          </select>
        )}
      </Field>
      <div className="buttons">
        <button type="submit" disabled={addNamespace.isPending}>
          Create namespace
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
