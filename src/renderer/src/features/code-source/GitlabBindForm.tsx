import { useState, type FormEvent } from 'react';
import { gitlabBindInputSchema, type CodeSource } from '../../../../shared/models/code-source';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation } from '../../api/hooks';
import { fieldProblem, toProblem, type Problem } from '../../api/problem';
import { useT } from '../../i18n/use-t';

const empty = { url: 'https://gitlab.com', username: '', token: '', caCertPem: '' };
type Key = keyof typeof empty;

/** `onSubmit` lets the page clear an earlier result, so a refusal here never sits under an old success. */
export function GitlabBindForm({ onDone, onSubmit }: { readonly onDone: (source?: CodeSource) => void; readonly onSubmit: () => void }) {
  const { word } = useT();
  const bindGitlab = useContractMutation('sources:bindGitlab');
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [problem, setProblem] = useState<Problem | undefined>();
  const set = (key: Key, value: string) => setValues((v) => ({ ...v, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = gitlabBindInputSchema.safeParse({ ...values, caCertPem: values.caCertPem || undefined });
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as Key] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setProblem(undefined);
    onSubmit();
    try {
      const source = await bindGitlab.mutateAsync(parsed.data);
      setValues(empty);
      onDone(source);
    } catch (error) {
      // A field-specific refusal ("url: …") goes next to its field; the rest above the form.
      const p = toProblem(error);
      const field = fieldProblem(p);
      if (field && /^(url|username|token|caCertPem)$/.test(field.field)) setErrors({ [field.field as Key]: `${word(field.detail)}${p.hint ? ` ${word(p.hint)}` : ''}` });
      else setProblem(p);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="gitlab-bind-heading">
      <h2 id="gitlab-bind-heading">Bind a GitLab account</h2>
      <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} />
      <Field label="GitLab address" error={errors.url} help="gitlab.com or your own instance, with its port if it has one (http or https). Not a repository URL.">
        {(p) => <input {...p} className="wide" value={values.url} onChange={(e) => set('url', e.target.value)} spellCheck={false} autoFocus />}
      </Field>
      <Field label="GitLab username" error={errors.username}>
        {(p) => <input {...p} className="wide" value={values.username} onChange={(e) => set('username', e.target.value)} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field
        label="Personal access token"
        error={errors.token}
        help="Needs the api scope: Slipway lists your repositories and sets push hooks with it. Checked with GitLab before it is saved; kept encrypted on this machine and never shown again."
      >
        {(p) => <input {...p} className="wide" type="password" value={values.token} onChange={(e) => set('token', e.target.value)} autoComplete="off" />}
      </Field>
      <Field label="CA certificate (PEM, optional)" error={errors.caCertPem} help="For an instance with a self-signed or private certificate authority.">
        {(p) => <textarea {...p} className="wide mono" rows={4} value={values.caCertPem} onChange={(e) => set('caCertPem', e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" spellCheck={false} />}
      </Field>
      <div className="buttons">
        <button type="submit" disabled={bindGitlab.isPending}>
          {bindGitlab.isPending ? 'Checking the token…' : 'Bind GitLab'}
        </button>
        <button type="button" className="ghost" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
