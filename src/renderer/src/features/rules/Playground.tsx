import { useId, useMemo, useState } from 'react';
import type { RuleSpec } from '../../../../shared/models/rule';
import { planPush, validateRule } from '../../../../shared/rules';
import { parseRefs, type KnownRef, type PlaygroundRef } from '../../../../shared/rules/playground-refs';
import type { CodeRepositoryRef } from '../../../../shared/models/code-repo';
import { RefsFromCodeRepository } from '../code-source/RefsFromCodeRepository';
import { FormattedMessage, useIntl } from 'react-intl';
import { useT } from '../../i18n/use-t';

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
  const { t, word } = useT();
  const intl = useIntl();
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
      <h2 id={`${id}-heading`}>{t('rules.playground.heading')}</h2>
      <p className="muted small">{t('rules.playground.intro')}</p>
      <label htmlFor={`${id}-refs`} className="visually-hidden">
        {t('rules.playground.refsLabel')}
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
          <FormattedMessage id="rules.playground.exampleNote" values={{ badge: (chunks) => <span className="badge example-badge">{chunks}</span> }} />
        </p>
      ) : null}
      {plan.collisions.length > 0 ? (
        <div className="collision" role="alert" data-testid="collisions">
          {plan.collisions.map((c) => (
            <p key={c.tag}>
              <FormattedMessage
                id="rules.playground.collision"
                values={{ tag: <code>{c.tag}</code>, rules: intl.formatList(c.ruleIds.map(label), { type: 'conjunction' }), refs: c.refs.join(', ') }}
              />
            </p>
          ))}
        </div>
      ) : null}
      <table className="table" aria-label={t('rules.playground.results')}>
        <thead>
          <tr>
            <th scope="col">{t('rules.playground.ref')}</th>
            <th scope="col">{t('rules.playground.matches')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.refs.map((r) => (
            <tr key={`${r.ref.type}:${r.ref.name}`}>
              <td>
                <span className="muted">{t(r.ref.type === 'branch' ? 'rules.playground.branch' : 'rules.playground.tag')}</span> <code>{r.ref.name}</code>
                <CommitLine pushed={commitOf.get(`${r.ref.type}:${r.ref.name}`)} />
              </td>
              <td data-testid={`plan-${r.ref.type}-${r.ref.name}`}>
                {r.matches.length === 0 ? <span className="muted">{t('rules.playground.noMatch')}</span> : null}
                {r.matches.map((m) => (
                  <div key={m.ruleId}>
                    {t('rules.playground.ruleArrow', { rule: label(m.ruleId) })} {m.problems.length > 0 ? (
                      <span className="field-error">{m.problems.map((p) => word(p.phrase)).join(' ')}</span>
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
  const { t } = useT();
  if (!pushed) return null;
  return (
    <span className="playground-commit small" data-testid={`commit-${pushed.type}-${pushed.name}`}>
      {t(pushed.commitIsExample ? 'rules.playground.exampleCommit' : 'rules.playground.commit')} <code title={pushed.commitId}>{pushed.commitId.slice(0, 7)}</code>
      {pushed.commitIsExample ? (
        <span className="badge example-badge" title={t('rules.playground.exampleTitle')}>
          {t('rules.example')}
        </span>
      ) : null}
    </span>
  );
}
