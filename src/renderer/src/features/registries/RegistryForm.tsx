import { useState, type FormEvent } from 'react';
import { registryInputSchema, type Registry } from '../../../../shared/models/registry';
import { Field } from '../../components/Field';
import { useContractMutation } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';

interface Props {
  readonly onDone: () => void;
  /** Editing an existing registry: its password and CA stay unless replaced. */
  readonly initial?: Registry;
}

const empty = { name: '', endpoint: '', username: '', password: '', insecure: false, caCertPem: '' };

export function RegistryForm({ onDone, initial }: Props) {
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
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof typeof empty] ??= issue.message;
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
      <h2 id="add-registry-heading">{initial ? `Edit ${initial.name}` : 'Add registry'}</h2>
      <InlineProblem problem={save.problem} onDismiss={save.reset} />
      <Field label="Name" error={errors.name}>
        {(p) => <input {...p} className="wide" value={values.name} onChange={(e) => set('name', e.target.value)} placeholder="Team registry" autoFocus />}
      </Field>
      <Field label="Registry address" error={errors.endpoint} help="The host, with a port if it has one: docker.io, ghcr.io, quay.io, harbor.example.com, localhost:5000.">
        {(p) => <input {...p} className="wide" value={values.endpoint} onChange={(e) => set('endpoint', e.target.value)} placeholder="ghcr.io" spellCheck={false} />}
      </Field>
      <Field label="Username" error={errors.username}>
        {(p) => <input {...p} className="wide" value={values.username} onChange={(e) => set('username', e.target.value)} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field label="Registry password or access token" error={errors.password} help={initial?.hasPassword ? 'A password is stored; leave this empty to keep it.' : "The registry's own password or token, not your account's sign-in password. Kept encrypted on this machine; it is never shown again."}>
        {(p) => <input {...p} className="wide" type="password" value={values.password} onChange={(e) => set('password', e.target.value)} autoComplete="new-password" />}
      </Field>
      <Field label="CA certificate (optional)" error={errors.caCertPem} help={initial?.hasCaCert ? 'A CA certificate is stored; paste another to replace it.' : 'For a registry whose HTTPS certificate is signed by your own CA: paste the CA in PEM form.'}>
        {(p) => <textarea {...p} className="wide" rows={3} value={values.caCertPem} onChange={(e) => set('caCertPem', e.target.value)} spellCheck={false} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={values.insecure} onChange={(e) => set('insecure', e.target.checked)} /> Insecure: the registry serves plain HTTP
      </label>
      <div className="buttons">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : initial ? 'Save registry' : 'Add registry'}
        </button>
        <button type="button" className="ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
