import { useEffect, useId, useMemo, useState } from 'react';
import { ruleSpecSchema, type RuleSpec, type RuleSpecInput } from '../../../../shared/models/rule';
import { validateRule } from '../../../../shared/rules';
import { importDockerHubRules, type ImportedRule, type ImportResult } from '../../../../shared/rules/dockerhub';
import { phrase, type Phrase } from '../../../../shared/i18n/phrase';
import { issuePhrase } from '../../../../shared/i18n/zod-issue';
import { useT } from '../../i18n/use-t';
import { useContractMutation } from '../../api/hooks';
import { toProblem, type Problem } from '../../api/problem';
import { InlineProblem } from '../../components/InlineProblem';
import './dockerhub.css';

export interface PreviewRule {
  readonly id: string;
  readonly label: string;
  readonly spec: RuleSpec;
}

interface Props {
  readonly repositoryId: string;
  readonly onClose: () => void;
  /** The imported rules that are valid, for the playground to try before anything is saved. */
  readonly onPreview: (rules: readonly PreviewRule[]) => void;
}

/** An imported rule with what Slipway's own checks say about it, so a refusal shows before Add. */
interface Checked {
  readonly rule: ImportedRule;
  readonly spec: RuleSpec | undefined;
  readonly problems: readonly Phrase[];
}

function check(rule: ImportedRule): Checked {
  const parsed = ruleSpecSchema.safeParse(rule.spec);
  if (!parsed.success) return { rule, spec: undefined, problems: parsed.error.issues.map((i) => phrase('errors.invalidField', { field: i.path.join('.'), detail: issuePhrase(i) })) };
  return { rule, spec: parsed.data, problems: validateRule(parsed.data).map((p) => p.phrase) };
}

/** Rules added by this panel, by content: pressing Add again after a failure does not add them twice. */
const keyOf = (spec: RuleSpecInput) => JSON.stringify(spec);

/** A row in Docker Hub's own notation: data to copy, the same in every language. */
const sampleRow = 'Tag\t/^v([0-9.]+)$/\t{\\1}\tDockerfile\t/';

const empty: ImportResult = { format: 'table', rules: [], problems: [] };

/**
 * Paste Docker Hub's build rules, see what they become, then add them. Nothing is saved until Add;
 * a refusal part-way says which rule failed and keeps the text.
 */
export function DockerHubImport({ repositoryId, onClose, onPreview }: Props) {
  const { t } = useT();
  const id = useId();
  const [text, setText] = useState('');
  const [added, setAdded] = useState<ReadonlySet<string>>(new Set());
  const [failure, setFailure] = useState<Problem | undefined>();
  const [adding, setAdding] = useState(false);
  const saveRule = useContractMutation('rules:save');
  const result = useMemo(() => (text.trim() === '' ? empty : importDockerHubRules(text)), [text]);
  const checked = useMemo(() => result.rules.map(check), [result]);
  const pending = result.rules.filter((r) => !added.has(keyOf(r.spec)));

  useEffect(() => {
    onPreview(checked.flatMap((c) => (c.spec && c.problems.length === 0 ? [{ id: `import-${c.rule.line}`, label: t('rules.hub.importedLabel', { line: c.rule.line }), spec: c.spec }] : [])));
  }, [checked, onPreview, t]);
  useEffect(() => () => onPreview([]), [onPreview]);

  async function add() {
    setFailure(undefined);
    setAdding(true);
    const done = new Set(added);
    for (const rule of pending) {
      try {
        await saveRule.mutateAsync({ repositoryId, spec: rule.spec });
        done.add(keyOf(rule.spec));
      } catch (error) {
        const problem = toProblem(error);
        const before = done.size - added.size;
        setAdded(done);
        setAdding(false);
        setFailure({
          message: phrase('rules.hub.notAdded', { line: rule.line, problem: problem.message }),
          hint: phrase('rules.hub.notAddedHint', { before, hasHint: problem.hint ? 'yes' : 'no', hint: problem.hint ?? '' }),
        });
        return;
      }
    }
    setAdding(false);
    onClose();
  }

  return (
    <div className="hub-import form" role="region" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t('rules.hub.importButton')}</h3>
      <label htmlFor={`${id}-text`}>{t('rules.hub.pasteLabel')}</label>
      <textarea
        id={`${id}-text`}
        className="wide mono"
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
        placeholder={sampleRow}
      />
      <p className="muted small">{t('rules.hub.pasteHelp')}</p>
      {text.trim() !== '' ? <ImportPreview result={result} checked={checked} added={added} /> : null}
      <InlineProblem problem={failure} onDismiss={() => setFailure(undefined)} />
      <div className="buttons">
        <button type="button" disabled={adding || pending.length === 0} onClick={() => void add()}>
          {adding ? t('rules.hub.adding') : t('rules.hub.add', { count: pending.length })}
        </button>
        <button type="button" className="ghost" onClick={onClose} disabled={adding}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function ImportPreview({ result, checked, added }: { readonly result: ImportResult; readonly checked: readonly Checked[]; readonly added: ReadonlySet<string> }) {
  const { t, word } = useT();
  return (
    <div className="hub-preview" data-testid="import-preview">
      <p className="small">
        {t('rules.hub.readSummary', { count: checked.length, format: result.format, skipped: result.problems.length })}
      </p>
      {checked.length > 0 ? (
        <table className="table" aria-label={t('rules.hub.importedRules')}>
          <thead>
            <tr>
              <th scope="col">{t('rules.hub.line')}</th>
              <th scope="col">{t('rules.editor.type')}</th>
              <th scope="col">{t('rules.editor.source')}</th>
              <th scope="col">{t('rules.list.tags')}</th>
              <th scope="col">{t('rules.list.contextDockerfile')}</th>
            </tr>
          </thead>
          <tbody>
            {checked.map(({ rule, problems }) => (
              <tr key={rule.line}>
                <td>{rule.line}</td>
                <td>{t(rule.spec.type === 'branch' ? 'rules.type.branch' : 'rules.type.tag')}</td>
                <td>
                  <code>{rule.spec.source}</code>
                  {rule.spec.isRegex ? <span className="badge">{t('rules.hub.regexBadge')}</span> : null}
                  {added.has(keyOf(rule.spec)) ? <span className="badge">{t('rules.hub.addedBadge')}</span> : null}
                  {rule.notes.length > 0 ? (
                    <ul className="hub-notes">
                      {rule.notes.map((n) => (
                        <li key={n.key}>{word(n)}</li>
                      ))}
                    </ul>
                  ) : null}
                  {problems.map((p, i) => (
                    <p className="field-error small" key={i}>
                      {word(p)}
                    </p>
                  ))}
                </td>
                <td>
                  {rule.spec.tags.map((t) => (
                    <span className="tag-chip" key={t.template}>
                      {t.template}
                    </span>
                  ))}
                </td>
                <td>
                  <code>{t('rules.list.contextAndDockerfile', { context: rule.spec.contextDir ?? '', dockerfile: rule.spec.dockerfile ?? '' })}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {result.problems.length > 0 ? (
        <ul className="hub-problems" aria-label={t('rules.hub.linesNotImported')}>
          {/* Each message names its own line or entry. */}
          {result.problems.map((p) => (
            <li key={`${p.line}:${p.message.key}`}>{word(p.message)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
