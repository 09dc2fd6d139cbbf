import { useId, useState } from 'react';
import type { MethodInput } from '../../../../shared/contract';
import { useContractMutation } from '../../api/hooks';
import { InlineProblem } from '../../components/InlineProblem';
import { useT } from '../../i18n/use-t';
import type { MessageKey } from '../../../../shared/i18n/catalogs';
import '../rules/dockerhub.css';

type Format = MethodInput<'repositories:export'>['format'];

const formats: readonly { readonly format: Format; readonly label: MessageKey }[] = [
  { format: 'github-actions', label: 'repositories.export.githubActions' },
  { format: 'bake', label: 'repositories.export.bake' },
];

/** Offers a file by name from the page itself: the text never leaves the renderer. */
function download(filename: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser may still be resolving the URL when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** No lock-in: the repository's rules as a file another CI runs, to copy or download. */
export function ExportSection({ repositoryId }: { readonly repositoryId: string }) {
  const { t } = useT();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const exported = useContractMutation('repositories:export');
  const file = exported.data;

  const choose = (format: Format) => {
    setCopied(undefined);
    exported.mutate({ id: repositoryId, format });
  };
  // Outside a secure context `navigator.clipboard` is missing: that is a refusal too, not a crash.
  const copy = (content: string) =>
    Promise.resolve()
      .then(() => navigator.clipboard.writeText(content))
      .then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <div className="card-title">
        <h2 id={`${id}-heading`}>{t('repositories.export.title')}</h2>
        {!open ? (
          <button type="button" className="ghost" onClick={() => setOpen(true)}>
            {t('repositories.export.open')}
          </button>
        ) : null}
      </div>
      <p className="muted small">{t('repositories.export.lede')}</p>
      {open ? (
        <>
          <div className="export-actions" role="group" aria-label={t('repositories.export.as')}>
            {formats.map((f) => (
              <button type="button" key={f.format} disabled={exported.isPending} aria-pressed={exported.variables?.format === f.format} onClick={() => choose(f.format)}>
                {t(f.label)}
              </button>
            ))}
            <button type="button" className="ghost" onClick={() => (setOpen(false), exported.reset())}>
              {t('common.close')}
            </button>
          </div>
          <InlineProblem problem={exported.problem} onDismiss={exported.reset} />
          {file ? (
            <>
              <pre className="export-text" data-testid="export-text" aria-label={file.filename}>
                {file.content}
              </pre>
              <div className="export-actions">
                <span className="small">
                  <code>{file.filename}</code>
                </span>
                <button type="button" onClick={() => void copy(file.content)}>
                  {t('repositories.export.copy')}
                </button>
                <button type="button" onClick={() => download(file.filename, file.content)}>
                  {t('repositories.export.download')}
                </button>
                {copied === 'yes' ? (
                  <span className="ok small" role="status">
                    {t('repositories.export.copied')}
                  </span>
                ) : null}
                {copied === 'failed' ? (
                  <span className="field-error small" role="alert">
                    {t('repositories.export.copyFailed')}
                  </span>
                ) : null}
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
