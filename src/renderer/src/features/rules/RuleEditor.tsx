import { useMemo, useState } from 'react';
import { supportedArchitectures, type BuildRule, type RuleSpec } from '../../../../shared/models/rule';
import { describePattern, validateRule, type RuleProblem } from '../../../../shared/rules';
import { Field } from '../../components/Field';
import { InlineProblem } from '../../components/InlineProblem';
import { RuleTagPreview } from '../../components/RuleTagPreview';
import type { Problem } from '../../store/app-store';
import { PathFilters } from '../triggers/PathFilters';
import { DockerHubOptions } from './DockerHubOptions';
import { TestBeforePush } from './TestBeforePush';

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

function problemFor(problems: readonly RuleProblem[], field: string): string | undefined {
  return problems.filter((p) => p.field === field).map((p) => p.message).join(' ') || undefined;
}

/** Every field of a rule, validated live by the same engine main uses at save. */
export function RuleEditor({ initial, onSave, onCancel, onDraft }: Props) {
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
      <h2 id="rule-editor-heading">{initial ? 'Edit build rule' : 'Add build rule'}</h2>
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
      <div className="row">
        <Field label="Type">
          {(p) => (
            <select {...p} value={spec.type} onChange={(e) => patch({ type: e.target.value as 'branch' | 'tag' })}>
              <option value="branch">Branch</option>
              <option value="tag">Tag</option>
            </select>
          )}
        </Field>
        <Field label="Branch/Tag" error={problemFor(shown, 'source')} help={spec.source ? describePattern(spec) : 'A name like main, or a regular expression like release-(?<imageTag>\\w*).'}>
          {(p) => <input {...p} className="wide mono" value={spec.source} onChange={(e) => patch({ source: e.target.value })} spellCheck={false} autoFocus />}
        </Field>
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={spec.isRegex} onChange={(e) => patch({ isRegex: e.target.checked })} /> Regular expression
        </label>
        {spec.isRegex ? (
          <label className="check">
            <input type="checkbox" checked={spec.anchored} onChange={(e) => patch({ anchored: e.target.checked })} /> Match the whole name (anchored)
          </label>
        ) : null}
      </div>
      <div className="row">
        <Field label="Build context directory" error={problemFor(shown, 'contextDir')}>
          {(p) => <input {...p} className="mono" value={spec.contextDir} onChange={(e) => patch({ contextDir: e.target.value })} spellCheck={false} />}
        </Field>
        <Field label="Dockerfile filename" error={problemFor(shown, 'dockerfile')}>
          {(p) => <input {...p} className="mono" value={spec.dockerfile} onChange={(e) => patch({ dockerfile: e.target.value })} spellCheck={false} />}
        </Field>
      </div>
      <PathFilters spec={spec} problems={shown} onChange={patch} />

      <fieldset>
        <legend>Image tags (up to 3)</legend>
        {problemFor(shown, 'tags') ? <p className="field-error" role="alert">{problemFor(shown, 'tags')}</p> : null}
        {spec.tags.map((tag, i) => (
          <div className="tag-row" key={i}>
            <Field label={`Image tag ${i + 1}`} error={problemFor(shown, `tags[${i}].template`)}>
              {(p) => <input {...p} className="mono" value={tag.template} onChange={(e) => setTag(i, { template: e.target.value })} spellCheck={false} />}
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={tag.buildTime !== undefined}
                onChange={(e) => setTag(i, { buildTime: e.target.checked ? { format: 'yyyyMMddHHmm', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' } : undefined })}
              />{' '}
              Build time
            </label>
            {tag.buildTime ? (
              <>
                <Field label="Time format" error={problemFor(shown, `tags[${i}].buildTime.format`)}>
                  {(p) => <input {...p} className="mono narrow" value={tag.buildTime?.format ?? ''} onChange={(e) => setTag(i, { buildTime: { format: e.target.value, timeZone: tag.buildTime?.timeZone ?? 'UTC' } })} />}
                </Field>
                <Field label="Time zone" error={problemFor(shown, `tags[${i}].buildTime.timeZone`)}>
                  {(p) => <input {...p} className="narrow" value={tag.buildTime?.timeZone ?? ''} onChange={(e) => setTag(i, { buildTime: { format: tag.buildTime?.format ?? 'yyyyMMddHHmm', timeZone: e.target.value } })} />}
                </Field>
              </>
            ) : null}
            <label className="check">
              <input type="checkbox" checked={tag.commitIdLength !== undefined} onChange={(e) => setTag(i, { commitIdLength: e.target.checked ? 6 : undefined })} /> Commit id
            </label>
            {tag.commitIdLength !== undefined ? (
              <Field label="Characters" error={problemFor(shown, `tags[${i}].commitIdLength`)}>
                {(p) => <input {...p} type="number" min={1} max={40} value={tag.commitIdLength} onChange={(e) => setTag(i, { commitIdLength: Number(e.target.value) })} />}
              </Field>
            ) : null}
            {spec.tags.length > 1 ? (
              <button type="button" className="ghost" onClick={() => patch({ tags: spec.tags.filter((_, k) => k !== i) })} aria-label={`Remove image tag ${i + 1}`}>
                Remove
              </button>
            ) : null}
          </div>
        ))}
        {spec.tags.length < 3 ? (
          <button type="button" className="ghost" onClick={() => patch({ tags: [...spec.tags, { template: '' }] })}>
            Add image tag
          </button>
        ) : null}
      </fieldset>
      <RuleTagPreview spec={spec} />
      <DockerHubOptions spec={spec} onChange={patch} />
      <TestBeforePush spec={spec} problems={shown} onChange={patch} />

      <fieldset>
        <legend>Build architecture</legend>
        {problemFor(shown, 'architectures') ? <p className="field-error" role="alert">{problemFor(shown, 'architectures')}</p> : null}
        <div className="row">
          {supportedArchitectures.map((arch) => (
            <label className="check" key={arch}>
              <input
                type="checkbox"
                checked={spec.architectures.includes(arch)}
                onChange={(e) => patch({ architectures: e.target.checked ? [...spec.architectures, arch] : spec.architectures.filter((a) => a !== arch) })}
              />{' '}
              {arch}
            </label>
          ))}
        </div>
        {spec.architectures.length > 1 ? <p className="muted small">Several architectures: one multi-arch image per tag.</p> : null}
      </fieldset>

      <fieldset>
        <legend>Build parameters (up to 20, case-sensitive)</legend>
        {problemFor(shown, 'buildArgs') ? <p className="field-error" role="alert">{problemFor(shown, 'buildArgs')}</p> : null}
        {spec.buildArgs.map((arg, i) => (
          <div className="tag-row" key={i}>
            <Field label={`Name ${i + 1}`} error={problemFor(shown, `buildArgs[${i}].key`)}>
              {(p) => <input {...p} className="mono" value={arg.key} onChange={(e) => setArg(i, { key: e.target.value })} spellCheck={false} />}
            </Field>
            <Field label={`Value ${i + 1}`} help={arg.secret && arg.hasValue ? 'Stored. Leave empty to keep it.' : undefined}>
              {(p) => <input {...p} className="mono" type={arg.secret ? 'password' : 'text'} value={arg.value} onChange={(e) => setArg(i, { value: e.target.value })} autoComplete="off" />}
            </Field>
            <label className="check">
              <input type="checkbox" checked={arg.secret} onChange={(e) => setArg(i, { secret: e.target.checked })} /> Secret
            </label>
            <button type="button" className="ghost" onClick={() => patch({ buildArgs: spec.buildArgs.filter((_, k) => k !== i) })} aria-label={`Remove parameter ${i + 1}`}>
              Remove
            </button>
          </div>
        ))}
        {spec.buildArgs.length < 20 ? (
          <button type="button" className="ghost" onClick={() => patch({ buildArgs: [...spec.buildArgs, { key: '', value: '', secret: false }] })}>
            Add parameter
          </button>
        ) : null}
      </fieldset>

      <div className="buttons">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save rule'}
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
        {touched && problems.length > 0 ? (
          <span className="field-error" role="status">
            {problems.length} problem{problems.length === 1 ? '' : 's'} to fix
          </span>
        ) : null}
      </div>
    </form>
  );
}
