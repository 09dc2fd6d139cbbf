import { useCallback, useEffect, useState } from 'react';
import type { BuildRule, RuleSpec } from '../../../../shared/models/rule';
import { canBuildManually, describePattern } from '../../../../shared/rules';
import { InlineProblem } from '../../components/InlineProblem';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';
import { Playground } from './Playground';
import { RuleEditor } from './RuleEditor';
import type { CodeRepositoryRef } from '../../../../shared/models/code-repo';

function tagSummary(spec: RuleSpec): string {
  return spec.tags
    .map((t) => [t.template, t.buildTime ? `{${t.buildTime.format}}` : '', t.commitIdLength !== undefined ? `{commit:${t.commitIdLength}}` : ''].filter(Boolean).join('-'))
    .join(', ');
}

export function RulesSection({ repositoryId, codeRepository }: { readonly repositoryId: string; readonly codeRepository?: CodeRepositoryRef | null }) {
  const client = useClient();
  const [rules, setRules] = useState<readonly BuildRule[] | undefined>();
  const [editing, setEditing] = useState<BuildRule | 'new' | undefined>();
  const [draft, setDraft] = useState<RuleSpec | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();

  const load = useCallback(async () => {
    try {
      setRules(await client.call('rules:list', { repositoryId }));
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, [client, repositoryId]);
  useEffect(() => {
    void load();
  }, [load]);

  const save = async (spec: RuleSpec): Promise<Problem | undefined> => {
    try {
      await client.call('rules:save', { repositoryId, spec, ...(editing && editing !== 'new' ? { id: editing.id } : {}) });
      setEditing(undefined);
      setDraft(undefined);
      await load();
      return undefined;
    } catch (error) {
      return toProblem(error);
    }
  };
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setProblem(undefined);
    } catch (error) {
      setProblem(toProblem(error));
    }
    await load();
  };
  const [starting, setStarting] = useState<string | undefined>();
  const startBuild = async (ruleId: string) => {
    setStarting(ruleId);
    try {
      const build = await client.call('builds:start', { ruleId });
      setProblem(undefined);
      window.location.hash = `#/builds/${build.id}`;
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setStarting(undefined);
    }
  };
  const move = (index: number, by: -1 | 1) => {
    if (!rules) return;
    const ids = rules.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    if (!id) return;
    ids.splice(index + by, 0, id);
    void act(() => client.call('rules:reorder', { repositoryId, ids }));
  };

  const playgroundRules = [
    ...(rules ?? []).filter((r) => !(editing && editing !== 'new' && editing.id === r.id)).map((r, i) => ({ id: r.id, label: `Rule ${i + 1}`, spec: r.spec })),
    ...(editing && draft ? [{ id: 'draft', label: 'The rule being edited', spec: draft }] : []),
  ];

  return (
    <>
      <section className="card" aria-labelledby="rules-heading">
        <div className="card-title">
          <h2 id="rules-heading">Build rules</h2>
          {!editing ? (
            <button type="button" onClick={() => setEditing('new')}>
              Add build rule
            </button>
          ) : null}
        </div>
        {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
        {rules && rules.length === 0 && !editing ? <p className="muted">No build rule yet. A rule says which branches or tags are built and how their images are tagged; start with branch main → latest.</p> : null}
        {rules && rules.length > 0 ? (
          <table className="table" aria-label="Build rules">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Type</th>
                <th scope="col">Branch/Tag</th>
                <th scope="col">Image tags</th>
                <th scope="col">Context · Dockerfile</th>
                <th scope="col">Architectures</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, i) => {
                const manual = canBuildManually(r.spec);
                return (
                  <tr key={r.id}>
                    <td>{i + 1}</td>
                    <td>{r.spec.type === 'branch' ? 'Branch' : 'Tag'}</td>
                    <td title={describePattern(r.spec)}>
                      <code>{r.spec.source}</code>
                      {r.spec.isRegex ? <span className="badge">{r.spec.anchored ? 'regex, anchored' : 'regex, unanchored'}</span> : null}
                    </td>
                    <td>
                      <code>{tagSummary(r.spec)}</code>
                    </td>
                    <td>
                      <code>
                        {r.spec.contextDir} · {r.spec.dockerfile}
                      </code>
                    </td>
                    <td>{r.spec.architectures.join(', ')}</td>
                    <td className="actions">
                      {manual.ok ? (
                        <button
                          type="button"
                          aria-label={`Build rule ${i + 1} now`}
                          disabled={starting === r.id}
                          onClick={() => void startBuild(r.id)}
                          title={`Build the head of ${r.spec.type} ${r.spec.source} now`}
                        >
                          {starting === r.id ? 'Starting…' : 'Build'}
                        </button>
                      ) : (
                        <span className="muted small" data-testid="manual-reason">
                          {manual.reason}
                        </span>
                      )}{' '}
                      <button type="button" className="ghost" onClick={() => move(i, -1)} disabled={i === 0 || Boolean(editing)} aria-label={`Move rule ${i + 1} up`}>
                        ↑
                      </button>
                      <button type="button" className="ghost" onClick={() => move(i, 1)} disabled={i === rules.length - 1 || Boolean(editing)} aria-label={`Move rule ${i + 1} down`}>
                        ↓
                      </button>
                      <button type="button" className="ghost" onClick={() => (setEditing(r), setDraft(r.spec))} disabled={Boolean(editing)}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="ghost danger"
                        aria-label={`Delete rule ${i + 1}`}
                        onClick={() => window.confirm(`Delete rule ${i + 1} (${r.spec.source})?`) && void act(() => client.call('rules:delete', { id: r.id }))}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </section>
      {editing ? (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          {...(editing !== 'new' ? { initial: editing } : {})}
          onSave={save}
          onCancel={() => (setEditing(undefined), setDraft(undefined))}
          onDraft={setDraft}
        />
      ) : null}
      <Playground rules={playgroundRules} codeRepository={codeRepository} />
    </>
  );
}
