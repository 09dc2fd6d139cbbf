import { useState } from 'react';
import type { BuildRule, RuleSpec } from '../../../../shared/models/rule';
import { canBuildManually, patternPhrase } from '../../../../shared/rules';
import { InlineProblem } from '../../components/InlineProblem';
import { useContractMutation, useContractQuery } from '../../api/hooks';
import { toProblem, type Problem } from '../../api/problem';
import { useConfirm } from '../../components/ConfirmDialog';
import { useT } from '../../i18n/use-t';
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
  const { t, word } = useT();
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
    if (await confirm({ title: t('rules.list.deleteTitle', { n: index + 1, source: rule.spec.source }), confirmLabel: t('rules.list.deleteConfirm'), danger: true })) remove.mutate({ id: rule.id });
  };
  const starting = start.isPending ? start.variables?.ruleId : undefined;

  const playgroundRules = [
    ...(rules ?? []).filter((r) => !(editing && editing !== 'new' && editing.id === r.id)).map((r, i) => ({ id: r.id, label: t('rules.list.ruleLabel', { n: i + 1 }), spec: r.spec })),
    ...(editing && draft ? [{ id: 'draft', label: t('rules.list.draftLabel'), spec: draft }] : []),
    ...imported,
  ];

  return (
    <>
      <section className="card" aria-labelledby="rules-heading">
        <div className="card-title">
          <h2 id="rules-heading">{t('rules.list.heading')}</h2>
          {!editing && !importing ? (
            <div className="buttons">
              <button type="button" className="ghost" onClick={() => setImporting(true)}>
                {t('rules.hub.importButton')}
              </button>
              <button type="button" onClick={() => setEditing('new')}>
                {t('rules.editor.addHeading')}
              </button>
            </div>
          ) : null}
        </div>
        <InlineProblem problem={problem} onDismiss={list.problem ? undefined : dismiss} />
        {importing ? <DockerHubImport repositoryId={repositoryId} onClose={() => setImporting(false)} onPreview={setImported} /> : null}
        {rules && rules.length === 0 && !editing ? <p className="muted">{t('rules.list.empty')}</p> : null}
        {rules && rules.length > 0 ? (
          <table className="table" aria-label={t('rules.list.heading')}>
            <thead>
              <tr>
                <th scope="col">{t('rules.list.number')}</th>
                <th scope="col">{t('rules.editor.type')}</th>
                <th scope="col">{t('rules.editor.source')}</th>
                <th scope="col">{t('rules.list.tags')}</th>
                <th scope="col">{t('rules.list.contextDockerfile')}</th>
                <th scope="col">{t('rules.list.architectures')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('rules.list.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r, i) => {
                const manual = canBuildManually(r.spec);
                return (
                  <tr key={r.id}>
                    <td>{i + 1}</td>
                    <td>{t(r.spec.type === 'branch' ? 'rules.type.branch' : 'rules.type.tag')}</td>
                    <td title={word(patternPhrase(r.spec))}>
                      <code>{r.spec.source}</code>
                      {r.spec.isRegex ? <span className="badge">{t(r.spec.anchored ? 'rules.list.regexAnchored' : 'rules.list.regexUnanchored')}</span> : null}
                    </td>
                    <td>
                      <code>{tagSummary(r.spec)}</code>
                    </td>
                    <td>
                      <code>{t('rules.list.contextAndDockerfile', { context: r.spec.contextDir, dockerfile: r.spec.dockerfile })}</code>
                    </td>
                    <td>{r.spec.architectures.join(', ')}</td>
                    <td className="actions">
                      <div className="row-actions">
                      {manual.ok ? (
                        <button
                          type="button"
                          aria-label={t('rules.list.buildNowLabel', { n: i + 1 })}
                          disabled={starting === r.id}
                          onClick={() => startBuild(r.id)}
                          title={t('rules.list.buildNowTitle', { what: r.spec.type, source: r.spec.source })}
                        >
                          {starting === r.id ? t('rules.list.starting') : t('rules.list.build')}
                        </button>
                      ) : (
                        <span className="muted small" data-testid="manual-reason">
                          {word(manual.phrase)}
                        </span>
                      )}
                      <button type="button" className="ghost" onClick={() => move(i, -1)} disabled={i === 0 || Boolean(editing)} aria-label={t('rules.list.moveUp', { n: i + 1 })}>
                        {t('rules.list.up')}
                      </button>
                      <button type="button" className="ghost" onClick={() => move(i, 1)} disabled={i === rules.length - 1 || Boolean(editing)} aria-label={t('rules.list.moveDown', { n: i + 1 })}>
                        {t('rules.list.down')}
                      </button>
                      <button type="button" className="ghost" onClick={() => (setEditing(r), setDraft(r.spec))} disabled={Boolean(editing)}>
                        {t('common.edit')}
                      </button>
                      <button
                        type="button"
                        className="ghost danger"
                        aria-label={t('rules.list.deleteLabel', { n: i + 1 })}
                        onClick={() => void askDelete(r, i)}
                      >
                        {t('common.delete')}
                      </button>
                      </div>
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
