import { useId, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import type { RuleSpec } from '../../../shared/models/rule';
import { exampleCommitId, previewRule, type PreviewBlock } from '../../../shared/rules/preview';
import { useT, type Words } from '../i18n/use-t';

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
  const { t, word } = useT();
  const id = useId();
  const [exampleName, setExampleName] = useState('');
  // Cheap enough to redo on every keystroke, and the build time should be the time of the look.
  const preview = previewRule(spec, { exampleName, time: now ?? new Date(), commitId: exampleCommitId });
  const what = spec.type;

  return (
    <section className="rule-preview" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('rules.tagPreview.heading')}</h3>
      {spec.isRegex ? (
        <div className="field">
          <label htmlFor={`${id}-example`}>{t('rules.tagPreview.exampleLabel', { what })}</label>
          <input
            id={`${id}-example`}
            className="mono"
            value={exampleName}
            placeholder={preview.refGuessed && preview.ref ? preview.ref.name : t('rules.tagPreview.examplePlaceholder', { what })}
            onChange={(e) => setExampleName(e.target.value)}
            aria-describedby={`${id}-example-help`}
            spellCheck={false}
          />
          <p id={`${id}-example-help`} className="muted small">
            {t('rules.tagPreview.exampleHelp', { what })}
          </p>
        </div>
      ) : null}
      <div data-testid="rule-preview" aria-live="polite">
        {preview.blocked ? (
          <p className={preview.blocked.kind === 'mismatch' ? 'warn' : 'muted'}>{blockText(preview.blocked, what, { t, word })}</p>
        ) : (
          <>
            {preview.ref ? (
              <p className="small">
                <FormattedMessage
                  id="rules.tagPreview.pushOf"
                  values={{
                    what,
                    ref: <code data-testid="preview-ref">{preview.ref.name}</code>,
                    badge: preview.refGuessed && spec.isRegex ? <span className="badge example-badge">{t('rules.example')}</span> : '',
                  }}
                />
              </p>
            ) : null}
            {preview.tags.length === 0 ? <p className="muted">{t('rules.tagPreview.none')}</p> : null}
            <ul className="rule-preview-tags">
              {preview.tags.map((tag) => (
                <li key={tag.index} data-testid={`preview-tag-${tag.index + 1}`}>
                  <span className="muted small">{t('rules.tagPreview.tagNumber', { n: tag.index + 1 })}</span>                   {tag.tag !== undefined ? (
                    <span className="tag-chip">{tag.tag}</span>
                  ) : tag.field !== undefined ? (
                    <span className="field-error">{t('rules.tagPreview.seeAbove', { n: tag.index + 1 })}</span>
                  ) : (
                    <span className="field-error">{word(tag.problem)}</span>
                  )}
                </li>
              ))}
            </ul>
            {preview.usesTime || preview.usesCommit ? (
              <p className="muted small" data-testid="preview-examples">
                {t('rules.tagPreview.examplesNote', { parts: preview.usesTime && preview.usesCommit ? 'both' : preview.usesTime ? 'time' : 'commit', commit: exampleCommitId.slice(0, 7) })}
              </p>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}

/** The form already shows a pattern's problem under its field: the preview only points there. */
function blockText(block: PreviewBlock, what: string, { t, word }: Words): string {
  if (block.kind === 'source') return t('rules.tagPreview.enterSource', { what });
  return word(block.phrase);
}
