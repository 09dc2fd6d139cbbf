import { useEffect, useId, useMemo, useState } from 'react';
import { ruleSpecSchema, type RuleSpec, type RuleSpecInput } from '../../../../shared/models/rule';
import { validateRule } from '../../../../shared/rules';
import { importDockerHubRules, type ImportedRule, type ImportResult } from '../../../../shared/rules/dockerhub';
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
  readonly problems: readonly string[];
}

function check(rule: ImportedRule): Checked {
  const parsed = ruleSpecSchema.safeParse(rule.spec);
  if (!parsed.success) return { rule, spec: undefined, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  return { rule, spec: parsed.data, problems: validateRule(parsed.data).map((p) => p.message) };
}

/** Rules added by this panel, by content: pressing Add again after a failure does not add them twice. */
const keyOf = (spec: RuleSpecInput) => JSON.stringify(spec);

const empty: ImportResult = { format: 'table', rules: [], problems: [] };

/**
 * Paste Docker Hub's build rules, see what they become, then add them. Nothing is saved until Add;
 * a refusal part-way says which rule failed and keeps the text.
 */
export function DockerHubImport({ repositoryId, onClose, onPreview }: Props) {
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
    onPreview(checked.flatMap((c) => (c.spec && c.problems.length === 0 ? [{ id: `import-${c.rule.line}`, label: `Imported, line ${c.rule.line}`, spec: c.spec }] : [])));
  }, [checked, onPreview]);
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
          message: `The rule from line ${rule.line} was not added: ${problem.message}`,
          hint: [problem.hint, `${before} rule${before === 1 ? ' was' : 's were'} added before it; the ones after it were not. Fix it and press Add again: rules already added are not added twice.`]
            .filter(Boolean)
            .join(' '),
        });
        return;
      }
    }
    setAdding(false);
    onClose();
  }

  return (
    <div className="hub-import form" role="region" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Import from Docker Hub</h3>
      <label htmlFor={`${id}-text`}>Paste the rows of your Docker Hub Build Rules table, or its JSON</label>
      <textarea
        id={`${id}-text`}
        className="wide mono"
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
        placeholder={'Tag\t/^v([0-9.]+)$/\t{\\1}\tDockerfile\t/'}
      />
      <p className="muted small">Nothing is saved until you press Add. Columns: source type, source, Docker tag, Dockerfile location, build context; a header row may name them in any order.</p>
      {text.trim() !== '' ? <ImportPreview result={result} checked={checked} added={added} /> : null}
      <InlineProblem problem={failure} onDismiss={() => setFailure(undefined)} />
      <div className="buttons">
        <button type="button" disabled={adding || pending.length === 0} onClick={() => void add()}>
          {adding ? 'Adding…' : `Add ${pending.length} rule${pending.length === 1 ? '' : 's'}`}
        </button>
        <button type="button" className="ghost" onClick={onClose} disabled={adding}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function ImportPreview({ result, checked, added }: { readonly result: ImportResult; readonly checked: readonly Checked[]; readonly added: ReadonlySet<string> }) {
  return (
    <div className="hub-preview" data-testid="import-preview">
      <p className="small">
        {checked.length} rule{checked.length === 1 ? '' : 's'} read {result.format === 'json' ? 'from Docker Hub JSON' : 'from the table'}
        {result.problems.length > 0 ? `, ${result.problems.length} line${result.problems.length === 1 ? '' : 's'} not read` : ''}.
      </p>
      {checked.length > 0 ? (
        <table className="table" aria-label="Imported rules">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Type</th>
              <th scope="col">Branch/Tag</th>
              <th scope="col">Image tags</th>
              <th scope="col">Context · Dockerfile</th>
            </tr>
          </thead>
          <tbody>
            {checked.map(({ rule, problems }) => (
              <tr key={rule.line}>
                <td>{rule.line}</td>
                <td>{rule.spec.type === 'branch' ? 'Branch' : 'Tag'}</td>
                <td>
                  <code>{rule.spec.source}</code>
                  {rule.spec.isRegex ? <span className="badge">regex</span> : null}
                  {added.has(keyOf(rule.spec)) ? <span className="badge">added</span> : null}
                  {rule.notes.length > 0 ? (
                    <ul className="hub-notes">
                      {rule.notes.map((n) => (
                        <li key={n}>{n}</li>
                      ))}
                    </ul>
                  ) : null}
                  {problems.map((p) => (
                    <p className="field-error small" key={p}>
                      {p}
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
                  <code>
                    {rule.spec.contextDir} · {rule.spec.dockerfile}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {result.problems.length > 0 ? (
        <ul className="hub-problems" aria-label="Lines not imported">
          {/* Each message names its own line or entry. */}
          {result.problems.map((p) => (
            <li key={`${p.line}:${p.message}`}>{p.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
