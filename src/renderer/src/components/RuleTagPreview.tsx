import { useId, useState } from 'react';
import type { RuleSpec } from '../../../shared/models/rule';
import { exampleCommitId, previewRule } from '../../../shared/rules/preview';

interface Props {
  readonly spec: RuleSpec;
  /** The time tags are stamped with; the current time unless a caller pins it. */
  readonly now?: Date;
}

/**
 * The image tags a rule will produce, recomputed as the form is typed, for an example branch or
 * tag the user may change. Build time and commit id are necessarily invented here, and say so.
 */
export function RuleTagPreview({ spec, now }: Props) {
  const id = useId();
  const [exampleName, setExampleName] = useState('');
  // Cheap enough to redo on every keystroke, and the build time should be the time of the look.
  const preview = previewRule(spec, { exampleName, time: now ?? new Date(), commitId: exampleCommitId });
  const what = spec.type === 'branch' ? 'branch' : 'tag';

  return (
    <section className="rule-preview" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Tags this rule will produce</h3>
      {spec.isRegex ? (
        <div className="field">
          <label htmlFor={`${id}-example`}>Example {what} name</label>
          <input
            id={`${id}-example`}
            className="mono"
            value={exampleName}
            placeholder={preview.refGuessed && preview.ref ? preview.ref.name : `a ${what} the pattern matches`}
            onChange={(e) => setExampleName(e.target.value)}
            aria-describedby={`${id}-example-help`}
            spellCheck={false}
          />
          <p id={`${id}-example-help`} className="muted small">
            Try a {what} name to see what its named groups give; left empty, one is made up from the pattern.
          </p>
        </div>
      ) : null}
      <div data-testid="rule-preview" aria-live="polite">
        {preview.blocked ? (
          <p className={preview.blocked.kind === 'mismatch' ? 'warn' : 'muted'}>{blockText(preview.blocked.kind, preview.blocked.message, what)}</p>
        ) : (
          <>
            {preview.ref ? (
              <p className="small">
                A push of {what} <code data-testid="preview-ref">{preview.ref.name}</code>
                {preview.refGuessed && spec.isRegex ? <span className="badge example-badge">example</span> : null} builds:
              </p>
            ) : null}
            {preview.tags.length === 0 ? <p className="muted">No image tag yet.</p> : null}
            <ul className="rule-preview-tags">
              {preview.tags.map((t) => (
                <li key={t.index} data-testid={`preview-tag-${t.index + 1}`}>
                  <span className="muted small">Tag {t.index + 1}</span>{' '}
                  {t.tag !== undefined ? (
                    <span className="tag-chip">{t.tag}</span>
                  ) : t.field !== undefined ? (
                    <span className="field-error">not valid yet: see image tag {t.index + 1} above</span>
                  ) : (
                    <span className="field-error">{t.problem}</span>
                  )}
                </li>
              ))}
            </ul>
            {preview.usesTime || preview.usesCommit ? (
              <p className="muted small" data-testid="preview-examples">
                {examplesNote(preview.usesTime, preview.usesCommit)}
              </p>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}

/** The form already shows a pattern's problem under its field: the preview only points there. */
function blockText(kind: 'source' | 'example' | 'mismatch', message: string, what: string): string {
  if (kind === 'source') return `Enter a valid ${what} name or pattern above to see the tags.`;
  return message;
}

function examplesNote(time: boolean, commit: boolean): string {
  const parts = [time ? 'the build time (now)' : '', commit ? `the commit id ${exampleCommitId.slice(0, 7)}…` : ''].filter(Boolean);
  const sentence = `${parts.join(' and ')} in these tags ${parts.length > 1 ? 'are examples' : 'is an example'}: a push uses its own.`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
