import { useId, useMemo, useState } from 'react';
import type { RuleSpec } from '../../../../shared/models/rule';
import { planPush, validateRule, type PushedRef } from '../../../../shared/rules';
import type { CodeRepositoryRef } from '../../../../shared/models/code-repo';
import { RefsFromCodeRepository } from '../code-source/RefsFromCodeRepository';

interface Props {
  readonly rules: readonly { readonly id: string; readonly label: string; readonly spec: RuleSpec }[];
  /** The bound code repository, whose real refs can fill the playground. */
  readonly codeRepository?: CodeRepositoryRef | null;
}

const sample = 'branch main\nbranch release-v1\ntag v2.0.0';

/** "branch main" / "tag v1.0" per line; a bare name is a branch. */
export function parseRefs(text: string): PushedRef[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line): { type: 'branch' | 'tag'; name: string } => {
      const [first = '', ...rest] = line.split(/\s+/);
      const kind = first.toLowerCase();
      return kind === 'tag' || kind === 'branch' ? { type: kind, name: rest.join(' ') } : { type: 'branch', name: line };
    })
    .filter((r) => r.name !== '')
    .map((r, i) => ({ ...r, commitId: fakeCommit(i) }));
}

// A stand-in commit id so commit-id tags show their shape; a real push uses the pushed commit.
function fakeCommit(seed: number): string {
  return Array.from({ length: 40 }, (_, i) => '0123456789abcdef'[(seed * 7 + i * 13) % 16]).join('');
}

/**
 * Try rules before a push: which rules match each ref, the tags they would produce right now, and
 * tags that two rules would both write. Runs the same engine main uses.
 */
export function Playground({ rules, codeRepository }: Props) {
  const id = useId();
  const [text, setText] = useState(sample);
  const refs = useMemo(() => parseRefs(text), [text]);
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
      <RefsFromCodeRepository codeRepository={codeRepository} onLoad={setText} />
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
