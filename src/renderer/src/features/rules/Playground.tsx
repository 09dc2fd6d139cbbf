import { useId, useMemo, useState } from 'react';
import type { RuleSpec } from '../../../../shared/models/rule';
import { planPush, validateRule } from '../../../../shared/rules';
import { parseRefs, type KnownRef, type PlaygroundRef } from '../../../../shared/rules/playground-refs';
import type { CodeRepositoryRef } from '../../../../shared/models/code-repo';
import { RefsFromCodeRepository } from '../code-source/RefsFromCodeRepository';

interface Props {
  readonly rules: readonly { readonly id: string; readonly label: string; readonly spec: RuleSpec }[];
  /** The bound code repository, whose real refs can fill the playground. */
  readonly codeRepository?: CodeRepositoryRef | null;
}

const sample = 'branch main\nbranch release-v1\ntag v2.0.0';

/**
 * Try rules before a push: which rules match each ref, the tags they would produce right now, and
 * tags that two rules would both write. Runs the same engine main uses.
 */
export function Playground({ rules, codeRepository }: Props) {
  const id = useId();
  const [text, setText] = useState(sample);
  // Refs read from the bound repository, with their real commits; typed refs get example commits.
  const [known, setKnown] = useState<readonly KnownRef[]>([]);
  const refs = useMemo(() => parseRefs(text, known), [text, known]);
  const examples = refs.some((r) => r.commitIsExample);
  const commitOf = new Map(refs.map((r) => [`${r.type}:${r.name}`, r]));
  const valid = rules.filter((r) => validateRule(r.spec).length === 0);
  const plan = useMemo(() => planPush(valid.map((r) => ({ id: r.id, spec: r.spec })), refs, new Date()), [valid, refs]);
  const label = (ruleId: string) => rules.find((r) => r.id === ruleId)?.label ?? ruleId;

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Rule playground</h2>
      <p className="muted small">Type branches and tags, one per line (“branch main”, “tag v1.0.0”), and see what a push of each would build.</p>
      <label htmlFor={`${id}-refs`} className="visually-hidden">
        Refs to try
      </label>
      <textarea id={`${id}-refs`} className="wide mono" rows={4} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      <RefsFromCodeRepository
        codeRepository={codeRepository}
        onLoad={(loaded: string, withCommits?: readonly KnownRef[]) => {
          setText(loaded);
          setKnown(withCommits ?? []);
        }}
      />
      {examples ? (
        <p className="muted small" data-testid="example-commit-note">
          Commit ids marked <span className="badge example-badge">example</span> are made up to show the shape of commit-id tags; a push uses its own commit. Build times are the time now.
        </p>
      ) : null}
      {plan.collisions.length > 0 ? (
        <div className="collision" role="alert" data-testid="collisions">
          {plan.collisions.map((c) => (
            <p key={c.tag}>
              Collision: tag <code>{c.tag}</code> is written by {c.ruleIds.map(label).join(' and ')} ({c.refs.join(', ')}): the later push wins.
            </p>
          ))}
        </div>
      ) : null}
      <table className="table" aria-label="Playground results">
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Matching rules and tags</th>
          </tr>
        </thead>
        <tbody>
          {plan.refs.map((r) => (
            <tr key={`${r.ref.type}:${r.ref.name}`}>
              <td>
                <span className="muted">{r.ref.type}</span> <code>{r.ref.name}</code>
                <CommitLine pushed={commitOf.get(`${r.ref.type}:${r.ref.name}`)} />
              </td>
              <td data-testid={`plan-${r.ref.type}-${r.ref.name}`}>
                {r.matches.length === 0 ? <span className="muted">No rule matches: nothing is built.</span> : null}
                {r.matches.map((m) => (
                  <div key={m.ruleId}>
                    {label(m.ruleId)} →{' '}
                    {m.problems.length > 0 ? (
                      <span className="field-error">{m.problems.map((p) => p.message).join(' ')}</span>
                    ) : (
                      m.tags.map((t) => (
                        <span className="tag-chip" key={t}>
                          {t}
                        </span>
                      ))
                    )}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The commit a ref's tags are rendered with, saying plainly when it is an invented example. */
function CommitLine({ pushed }: { readonly pushed: PlaygroundRef | undefined }) {
  if (!pushed) return null;
  return (
    <span className="playground-commit small" data-testid={`commit-${pushed.type}-${pushed.name}`}>
      {pushed.commitIsExample ? 'example commit' : 'commit'} <code title={pushed.commitId}>{pushed.commitId.slice(0, 7)}</code>
      {pushed.commitIsExample ? (
        <span className="badge example-badge" title="Not a real commit: typed refs have no commit, so one is made up">
          example
        </span>
      ) : null}
    </span>
  );
}
