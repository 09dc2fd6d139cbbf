import { useMemo, useState } from 'react';
import { supportedArchitectures, type BuildRule, type RuleSpec } from '../../../../shared/models/rule';
import { patternPhrase, validateRule } from '../../../../shared/rules';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { RuleTagPreview } from '../../components/RuleTagPreview';
import type { Problem } from '../../store/app-store';
import { useT } from '../../i18n/use-t';
import { PathFilters } from '../triggers/PathFilters';
import { DockerHubOptions } from './DockerHubOptions';
import { TestBeforePush } from './TestBeforePush';
import { problemFor } from './field-problems';

export const emptySpec: RuleSpec = {
  type: 'branch',
  source: '',
  isRegex: false,
  anchored: true,
  contextDir: '/',
  dockerfile: 'Dockerfile',
  tags: [{ template: 'latest' }],
  architectures: ['linux/amd64'],
  buildArgs: [],
};

interface Props {
  readonly initial?: BuildRule;
  readonly onSave: (spec: RuleSpec) => Promise<Problem | undefined>;
  readonly onCancel: () => void;
  /** The draft as it is typed, for the playground. */
  readonly onDraft: (spec: RuleSpec) => void;
}

/** Every field of a rule, validated live by the same engine main uses at save. */
export function RuleEditor({ initial, onSave, onCancel, onDraft }: Props) {
  const { t, word } = useT();
  const [spec, setSpecState] = useState<RuleSpec>(initial?.spec ?? emptySpec);
  const [touched, setTouched] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [saving, setSaving] = useState(false);
  const problems = useMemo(() => validateRule(spec), [spec]);
  const shown = touched ? problems : problems.filter((p) => p.field !== 'source' || spec.source !== '');
  const setSpec = (next: RuleSpec) => {
    setSpecState(next);
    onDraft(next);
  };
  const patch = (p: Partial<RuleSpec>) => setSpec({ ...spec, ...p });
  const setTag = (i: number, t: Partial<RuleSpec['tags'][number]>) => patch({ tags: spec.tags.map((x, k) => (k === i ? { ...x, ...t } : x)) });
  const setArg = (i: number, a: Partial<RuleSpec['buildArgs'][number]>) => patch({ buildArgs: spec.buildArgs.map((x, k) => (k === i ? { ...x, ...a } : x)) });

  async function save() {
    setTouched(true);
    if (problems.length > 0) return;
    setSaving(true);
    const failure = await onSave(spec);
    setSaving(false);
    setProblem(failure);
  }

  return (
    <form className="card form" onSubmit={(e) => (e.preventDefault(), void save())} noValidate aria-labelledby="rule-editor-heading">
      <h2 id="rule-editor-heading">{t(initial ? 'rules.editor.editHeading' : 'rules.editor.addHeading')}</h2>
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
      <div className="row">
        <Field label={t('rules.editor.type')}>
          {(p) => (
            <select {...p} value={spec.type} onChange={(e) => patch({ type: e.target.value as 'branch' | 'tag' })}>
              <option value="branch">{t('rules.type.branch')}</option>
              <option value="tag">{t('rules.type.tag')}</option>
            </select>
          )}
        </Field>
        <Field label={t('rules.editor.source')} error={problemFor(shown, 'source', word)} help={spec.source ? word(patternPhrase(spec)) : t('rules.editor.sourceHelp', { example: 'release-(?<imageTag>\\w*)' })}>
          {(p) => <input {...p} className="wide mono" value={spec.source} onChange={(e) => patch({ source: e.target.value })} spellCheck={false} autoFocus />}
        </Field>
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={spec.isRegex} onChange={(e) => patch({ isRegex: e.target.checked })} /> {t('rules.editor.regex')}
        </label>
        {spec.isRegex ? (
          <label className="check">
            <input type="checkbox" checked={spec.anchored} onChange={(e) => patch({ anchored: e.target.checked })} /> {t('rules.editor.anchored')}
          </label>
        ) : null}
      </div>
      <div className="row">
        <Field label={t('rules.editor.contextDir')} error={problemFor(shown, 'contextDir', word)}>
          {(p) => <input {...p} className="mono" value={spec.contextDir} onChange={(e) => patch({ contextDir: e.target.value })} spellCheck={false} />}
        </Field>
        <Field label={t('rules.editor.dockerfile')} error={problemFor(shown, 'dockerfile', word)}>
          {(p) => <input {...p} className="mono" value={spec.dockerfile} onChange={(e) => patch({ dockerfile: e.target.value })} spellCheck={false} />}
        </Field>
      </div>
      <PathFilters spec={spec} problems={shown} onChange={patch} />

      <fieldset>
        <legend>{t('rules.editor.tagsLegend', { max: 3 })}</legend>
        {problemFor(shown, 'tags', word) ? <p className="field-error" role="alert">{problemFor(shown, 'tags', word)}</p> : null}
        {spec.tags.map((tag, i) => (
          <div className="tag-row" key={i}>
            <Field label={t('rules.editor.tagLabel', { n: i + 1 })} error={problemFor(shown, `tags[${i}].template`, word)}>
              {(p) => <input {...p} className="mono" value={tag.template} onChange={(e) => setTag(i, { template: e.target.value })} spellCheck={false} />}
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={tag.buildTime !== undefined}
                onChange={(e) => setTag(i, { buildTime: e.target.checked ? { format: 'yyyyMMddHHmm', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' } : undefined })}
              /> {t('rules.editor.buildTime')}
            </label>
            {tag.buildTime ? (
              <>
                <Field label={t('rules.editor.timeFormat')} error={problemFor(shown, `tags[${i}].buildTime.format`, word)}>
                  {(p) => <input {...p} className="mono narrow" value={tag.buildTime?.format ?? ''} onChange={(e) => setTag(i, { buildTime: { format: e.target.value, timeZone: tag.buildTime?.timeZone ?? 'UTC' } })} />}
                </Field>
                <Field label={t('rules.editor.timeZone')} error={problemFor(shown, `tags[${i}].buildTime.timeZone`, word)}>
                  {(p) => <input {...p} className="narrow" value={tag.buildTime?.timeZone ?? ''} onChange={(e) => setTag(i, { buildTime: { format: tag.buildTime?.format ?? 'yyyyMMddHHmm', timeZone: e.target.value } })} />}
                </Field>
              </>
            ) : null}
            <label className="check">
              <input type="checkbox" checked={tag.commitIdLength !== undefined} onChange={(e) => setTag(i, { commitIdLength: e.target.checked ? 6 : undefined })} /> {t('rules.editor.commitId')}
            </label>
            {tag.commitIdLength !== undefined ? (
              <Field label={t('rules.editor.characters')} error={problemFor(shown, `tags[${i}].commitIdLength`, word)}>
                {(p) => <input {...p} type="number" min={1} max={40} value={tag.commitIdLength} onChange={(e) => setTag(i, { commitIdLength: Number(e.target.value) })} />}
              </Field>
            ) : null}
            {spec.tags.length > 1 ? (
              <button type="button" className="ghost" onClick={() => patch({ tags: spec.tags.filter((_, k) => k !== i) })} aria-label={t('rules.editor.removeTag', { n: i + 1 })}>
                {t('common.remove')}
              </button>
            ) : null}
          </div>
        ))}
        {spec.tags.length < 3 ? (
          <button type="button" className="ghost" onClick={() => patch({ tags: [...spec.tags, { template: '' }] })}>
            {t('rules.editor.addTag')}
          </button>
        ) : null}
      </fieldset>
      <RuleTagPreview spec={spec} />
      <DockerHubOptions spec={spec} onChange={patch} />
      <TestBeforePush spec={spec} problems={shown} onChange={patch} />

      <fieldset>
        <legend>{t('rules.editor.architecture')}</legend>
        {problemFor(shown, 'architectures', word) ? <p className="field-error" role="alert">{problemFor(shown, 'architectures', word)}</p> : null}
        <div className="row">
          {supportedArchitectures.map((arch) => (
            <label className="check" key={arch}>
              <input
                type="checkbox"
                checked={spec.architectures.includes(arch)}
                onChange={(e) => patch({ architectures: e.target.checked ? [...spec.architectures, arch] : spec.architectures.filter((a) => a !== arch) })}
              /> {arch}
            </label>
          ))}
        </div>
        {spec.architectures.length > 1 ? <p className="muted small">{t('rules.editor.multiArch')}</p> : null}
      </fieldset>

      <fieldset>
        <legend>{t('rules.editor.argsLegend', { max: 20 })}</legend>
        {problemFor(shown, 'buildArgs', word) ? <p className="field-error" role="alert">{problemFor(shown, 'buildArgs', word)}</p> : null}
        {spec.buildArgs.map((arg, i) => (
          <div className="tag-row" key={i}>
            <Field label={t('rules.editor.argName', { n: i + 1 })} error={problemFor(shown, `buildArgs[${i}].key`, word)}>
              {(p) => <input {...p} className="mono" value={arg.key} onChange={(e) => setArg(i, { key: e.target.value })} spellCheck={false} />}
            </Field>
            <Field label={t('rules.editor.argValue', { n: i + 1 })} help={arg.secret && arg.hasValue ? t('rules.editor.argStored') : undefined}>
              {(p) => <input {...p} className="mono" type={arg.secret ? 'password' : 'text'} value={arg.value} onChange={(e) => setArg(i, { value: e.target.value })} autoComplete="off" />}
            </Field>
            <label className="check">
              <input type="checkbox" checked={arg.secret} onChange={(e) => setArg(i, { secret: e.target.checked })} /> {t('rules.editor.secret')}
            </label>
            <button type="button" className="ghost" onClick={() => patch({ buildArgs: spec.buildArgs.filter((_, k) => k !== i) })} aria-label={t('rules.editor.removeArg', { n: i + 1 })}>
              {t('common.remove')}
            </button>
          </div>
        ))}
        {spec.buildArgs.length < 20 ? (
          <button type="button" className="ghost" onClick={() => patch({ buildArgs: [...spec.buildArgs, { key: '', value: '', secret: false }] })}>
            {t('rules.editor.addArg')}
          </button>
        ) : null}
      </fieldset>

      <div className="buttons">
        <button type="submit" disabled={saving}>
          {saving ? t('common.saving') : t('rules.editor.save')}
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        {touched && problems.length > 0 ? (
          <span className="field-error" role="status">
            {t('rules.editor.problemCount', { count: problems.length })}
          </span>
        ) : null}
      </div>
    </form>
  );
}
