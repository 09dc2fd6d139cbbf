import { useState } from 'react';
import type { BuildRule, RuleSpec } from '../../../../shared/models/rule';
import { canBuildManually, describePattern } from '../../../../shared/rules';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { toProblem, type Problem } from '../../api/problem';
import { useConfirm } from '../../components/ConfirmDialog';
import { Playground } from './Playground';
import { RuleEditor } from './RuleEditor';
import { DockerHubImport, type PreviewRule } from './DockerHubImport';
import type { CodeRepositoryRef } from '../../../../shared/models/code-repo';

function tagSummary(spec: RuleSpec): string {
  return spec.tags
    .map((t) => [t.template, t.buildTime ? `{${t.buildTime.format}}` : '', t.commitIdLength !== undefined ? `{commit:${t.commitIdLength}}` : ''].filter(Boolean).join('-'))
    .join(', ');
}

export function RulesSection({ repositoryId, codeRepository }: { readonly repositoryId: string; readonly codeRepository?: CodeRepositoryRef | null }) {
  const list = useContractQuery('rules:list', { repositoryId });
  const rules = list.data;
  const saveRule = useContractMutation('rules:save');
  const reorder = useContractMutation('rules:reorder');
  const remove = useContractMutation('rules:delete');
  const start = useContractMutation('builds:start');
  const confirm = useConfirm();
  const [editing, setEditing] = useState<BuildRule | 'new' | undefined>();
  const [draft, setDraft] = useState<RuleSpec | undefined>();
  const [importing, setImporting] = useState(false);
  const [imported, setImported] = useState<readonly PreviewRule[]>([]);
  // Rows act one at a time; the last failure of any of them shows above the table.
  const problem = list.problem ?? start.problem ?? reorder.problem ?? remove.problem;
  const dismiss = () => (start.reset(), reorder.reset(), remove.reset());

  // The editor shows its own refusal (field and reason), so the error is handed back to it.
  const save = async (spec: RuleSpec): Promise<Problem | undefined> => {
    try {
      await saveRule.mutateAsync({ repositoryId, spec, ...(editing && editing !== 'new' ? { id: editing.id } : {}) });
      setEditing(undefined);
      setDraft(undefined);
      return undefined;
    } catch (error) {
      return toProblem(error);
    }
  };
  const startBuild = (ruleId: string) => start.mutate({ ruleId }, { onSuccess: (build) => void (window.location.hash = `#/builds/${build.id}`) });
  const move = (index: number, by: -1 | 1) => {
    if (!rules) return;
    const ids = rules.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    if (!id) return;
    ids.splice(index + by, 0, id);
    reorder.mutate({ repositoryId, ids });
  };
  const askDelete = async (rule: BuildRule, index: number) => {
    if (await confirm({ title: `Delete rule ${index + 1} (${rule.spec.source})?`, confirmLabel: 'Delete rule', danger: true })) remove.mutate({ id: rule.id });
  };
  const starting = start.isPending ? start.variables?.ruleId : undefined;

  const playgroundRules = [
    ...(rules ?? []).filter((r) => !(editing && editing !== 'new' && editing.id === r.id)).map((r, i) => ({ id: r.id, label: `Rule ${i + 1}`, spec: r.spec })),
    ...(editing && draft ? [{ id: 'draft', label: 'The rule being edited', spec: draft }] : []),
    ...imported,
  ];

  return (
    <>
      <section className="card" aria-labelledby="rules-heading">
        <div className="card-title">
          <h2 id="rules-heading">Build rules</h2>
          {!editing && !importing ? (
            <div className="buttons">
              <button type="button" className="ghost" onClick={() => setImporting(true)}>
                Import from Docker Hub
              </button>
              <button type="button" onClick={() => setEditing('new')}>
                Add build rule
              </button>
            </div>
          ) : null}
        </div>
        <InlineProblem problem={problem} onDismiss={list.problem ? undefined : dismiss} />
        {importing ? <DockerHubImport repositoryId={repositoryId} onClose={() => setImporting(false)} onPreview={setImported} /> : null}
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
                          onClick={() => startBuild(r.id)}
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
                        onClick={() => void askDelete(r, i)}
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
