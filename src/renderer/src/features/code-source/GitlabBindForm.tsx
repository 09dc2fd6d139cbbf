import { useState, type FormEvent } from 'react';
import { gitlabBindInputSchema, type CodeSource } from '../../../../shared/models/code-source';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation } from '../../api/hooks';
import { fieldProblem, toProblem, type Problem } from '../../api/problem';
import { useT } from '../../i18n/use-t';
import { issuePhrase } from '../../../../shared/i18n/zod-issue';

const empty = { url: 'https://gitlab.com', username: '', token: '', caCertPem: '' };
type Key = keyof typeof empty;

/** `onSubmit` lets the page clear an earlier result, so a refusal here never sits under an old success. */
export function GitlabBindForm({ onDone, onSubmit }: { readonly onDone: (source?: CodeSource) => void; readonly onSubmit: () => void }) {
  const { t, word } = useT();
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
      for (const issue of parsed.error.issues) next[issue.path[0] as Key] ??= word(issuePhrase(issue));
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
      if (field && /^(url|username|token|caCertPem)$/.test(field.field)) setErrors({ [field.field as Key]: p.hint ? t('sources.gitlab.fieldError', { detail: field.detail, hint: p.hint }) : word(field.detail) });
      else setProblem(p);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="gitlab-bind-heading">
      <h2 id="gitlab-bind-heading">{t('sources.gitlab.title')}</h2>
      <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} />
      <Field label={t('sources.gitlab.address')} error={errors.url} help={t('sources.gitlab.addressHelp')}>
        {(p) => <input {...p} className="wide" value={values.url} onChange={(e) => set('url', e.target.value)} spellCheck={false} autoFocus />}
      </Field>
      <Field label={t('sources.gitlab.username')} error={errors.username}>
        {(p) => <input {...p} className="wide" value={values.username} onChange={(e) => set('username', e.target.value)} autoComplete="off" spellCheck={false} />}
      </Field>
      <Field label={t('sources.gitlab.token')} error={errors.token} help={t('sources.gitlab.tokenHelp')}>
        {(p) => <input {...p} className="wide" type="password" value={values.token} onChange={(e) => set('token', e.target.value)} autoComplete="off" />}
      </Field>
      <Field label={t('sources.caCert.label')} error={errors.caCertPem} help={t('sources.gitlab.caHelp')}>
        {(p) => <textarea {...p} className="wide mono" rows={4} value={values.caCertPem} onChange={(e) => set('caCertPem', e.target.value)} placeholder={t('sources.caCert.placeholder')} spellCheck={false} />}
      </Field>
      <div className="buttons">
        <button type="submit" disabled={bindGitlab.isPending}>
          {bindGitlab.isPending ? t('sources.gitlab.checking') : t('sources.gitlab.submit')}
        </button>
        <button type="button" className="ghost" onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
