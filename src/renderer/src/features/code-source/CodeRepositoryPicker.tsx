import { useEffect, useState } from 'react';
import { codeRepositoryRefSchema, type CodeRepositoryRef } from '../../../../shared/models/code-repo';
import type { SourceRepository } from '../../../../shared/models/code-source';
import { useContractPages, useContractQuery } from '../../api/hooks';
import type { Problem } from '../../api/problem';
import { useT } from '../../i18n/use-t';
import { issuePhrase } from '../../../../shared/i18n/zod-issue';
import { phrase } from '../../../../shared/i18n/phrase';
import { InlineProblem } from '../../components/InlineProblem';
import { providerNames, sourceHost, useSources } from './use-sources';

interface Props {
  readonly value: CodeRepositoryRef | null;
  readonly onSave: (ref: CodeRepositoryRef | null) => Promise<boolean>;
}

const perPage = 30;

/** The image repository's code repository: shown, and chosen from a bound account or as a plain git URL. */
export function CodeRepositoryField({ value, onSave }: Props) {
  const { t } = useT();
  const [editing, setEditing] = useState(false);
  if (editing) return <CodeRepositoryPicker onCancel={() => setEditing(false)} onPick={(ref) => onSave(ref).then((ok) => ok && setEditing(false))} />;
  return (
    <span className="code-repo" data-testid="code-repository">
      {value ? (
        <>
          <span>
            {value.webUrl ? (
              <a href={value.webUrl} target="_blank" rel="noopener noreferrer">
                {value.fullName}
              </a>
            ) : (
              value.fullName
            )} <span className="badge">{value.provider === 'git' ? t('sources.provider.gitUrl') : providerNames[value.provider]}</span>
            {value.defaultBranch ? <span className="muted small"> {t('sources.picker.defaultBranch', { branch: value.defaultBranch })}</span> : null}
          </span>{' '}
          <button type="button" className="ghost" onClick={() => setEditing(true)}>
            {t('sources.picker.change')}
          </button>
          <button type="button" className="ghost" onClick={() => void onSave(null)}>
            {t('sources.picker.unbind')}
          </button>
        </>
      ) : (
        <>
          <span className="muted">{t('sources.picker.notBound')}</span>{' '}
          <button type="button" className="ghost" onClick={() => setEditing(true)}>
            {t('sources.picker.bind')}
          </button>
        </>
      )}
    </span>
  );
}

/** The value after the user stopped typing for a moment, so a search is not sent per key. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function CodeRepositoryPicker({ onCancel, onPick }: { readonly onCancel: () => void; readonly onPick: (ref: CodeRepositoryRef) => Promise<unknown> }) {
  const { t } = useT();
  const { sources, loaded } = useSources();
  const [pickedSource, setSourceId] = useState('');
  const sourceId = pickedSource || sources[0]?.id || '';
  const [pickedOwner, setOwnerId] = useState('');
  const [search, setSearch] = useState('');
  const settledSearch = useSettled(search, 250);
  const [chosen, setChosen] = useState<SourceRepository | undefined>();
  const [gitUrl, setGitUrl] = useState('');
  // Only the git URL's own check is kept here; every other problem belongs to the query it came from,
  // so it goes away as soon as the user picks an owner or account that loads.
  const [urlProblem, setUrlProblem] = useState<Problem | undefined>();
  const fromSource = sourceId !== '' && sourceId !== 'git';
  const owners = useContractQuery('sources:owners', { sourceId }, { enabled: fromSource });
  const ownerId = pickedOwner || owners.data?.[0]?.id || '';
  const repositories = useContractPages('sources:repositories', { sourceId, ownerId, search: settledSearch, perPage }, { enabled: fromSource && ownerId !== '' });
  const repos = repositories.items ?? [];
  const problem = urlProblem ?? owners.problem ?? repositories.problem;

  const chooseSource = (id: string) => {
    setSourceId(id);
    setOwnerId('');
    setChosen(undefined);
  };
  const chooseOwner = (id: string) => {
    setOwnerId(id);
    setChosen(undefined);
  };

  const source = sources.find((s) => s.id === sourceId);
  async function bindChosen() {
    if (!chosen || !source) return;
    await onPick({
      provider: source.provider,
      sourceId: source.id,
      fullName: chosen.fullName,
      cloneUrl: chosen.cloneUrl,
      ...(chosen.webUrl ? { webUrl: chosen.webUrl } : {}),
      ...(chosen.defaultBranch ? { defaultBranch: chosen.defaultBranch } : {}),
    });
  }

  async function bindUrl() {
    let fullName = gitUrl;
    try {
      fullName = new URL(gitUrl).pathname.replace(/^\/+/, '').replace(/\.git$/, '') || gitUrl;
    } catch {
      // The schema below says what is wrong with it.
    }
    const parsed = codeRepositoryRefSchema.safeParse({ provider: 'git', sourceId: null, fullName, cloneUrl: gitUrl });
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    if (!parsed.success) return setUrlProblem({ message: issue ? issuePhrase(issue) : phrase('sources.picker.enterCloneUrl') });
    await onPick(parsed.data);
  }

  return (
    <div className="card form picker" role="group" aria-label={t('sources.picker.label')}>
      <InlineProblem problem={problem} />
      <label className="field">
        {t('sources.picker.account')}
        <select value={sourceId} onChange={(e) => chooseSource(e.target.value)}>
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {t('sources.picker.accountOption', { provider: providerNames[s.provider], login: s.login, host: sourceHost(s) })}
            </option>
          ))}
          <option value="git">{t('sources.picker.byGitUrl')}</option>
        </select>
      </label>
      {loaded && sources.length === 0 ? <p className="muted small">{t('sources.picker.noAccount')}</p> : null}
      {sourceId === 'git' || (loaded && sources.length === 0) ? (
        <>
          <label className="field">
            {t('sources.picker.cloneUrl')}
            <input
              className="wide"
              value={gitUrl}
              onChange={(e) => (setGitUrl(e.target.value), setUrlProblem(undefined))}
              placeholder={t('sources.picker.cloneUrlPlaceholder')}
              spellCheck={false}
            />
          </label>
          <div className="buttons">
            <button type="button" onClick={() => void bindUrl()}>
              {t('sources.picker.bind')}
            </button>
            <button type="button" className="ghost" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      ) : (
        <>
          <div className="row">
            <label className="field">
              {t('sources.picker.owner')}
              <select value={ownerId} onChange={(e) => chooseOwner(e.target.value)}>
                {(owners.data ?? []).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.fullPath}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t('sources.picker.search')}
              <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} spellCheck={false} />
            </label>
          </div>
          <ul className="picker-list" aria-label={t('sources.picker.repositories')}>
            {repos.map((r) => (
              <li key={r.fullName}>
                <label className="check">
                  <input type="radio" name="code-repo" checked={chosen?.fullName === r.fullName} onChange={() => setChosen(r)} /> {r.fullName}
                  {r.private ? <span className="badge">{t('sources.picker.private')}</span> : null}
                </label>
              </li>
            ))}
            {repositories.items && repos.length === 0 ? <li className="muted">{search ? t('sources.picker.noMatch', { search }) : t('sources.picker.none')}</li> : null}
          </ul>
          {repositories.hasMore ? (
            <button type="button" className="ghost" disabled={repositories.loadingMore} onClick={repositories.loadMore}>
              {t('sources.picker.loadMore')}
            </button>
          ) : null}
          {chosen && sourceId ? <RefsPreview sourceId={sourceId} fullName={chosen.fullName} /> : null}
          <div className="buttons">
            <button type="button" disabled={!chosen} onClick={() => void bindChosen()}>
              {t('sources.picker.bind')}
            </button>
            <button type="button" className="ghost" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** The chosen repository's branches and tags, so the user sees what build rules will match. */
function RefsPreview({ sourceId, fullName }: { readonly sourceId: string; readonly fullName: string }) {
  const branches = useContractQuery('sources:refs', { sourceId, fullName, kind: 'branch', page: 1, perPage: 20 });
  const tags = useContractQuery('sources:refs', { sourceId, fullName, kind: 'tag', page: 1, perPage: 20 });
  const { t } = useT();
  const problem = branches.problem ?? tags.problem;
  if (problem) return <InlineProblem problem={problem} />;
  const names = (items: readonly { name: string }[], more: boolean) =>
    items.length === 0 ? t('sources.refs.none') : t('sources.refs.list', { names: items.map((r) => r.name).join(', '), more: more ? 'yes' : 'no' });
  const refs = { branch: branches.data?.items ?? [], tag: tags.data?.items ?? [], more: { branch: branches.data?.hasMore ?? false, tag: tags.data?.hasMore ?? false } };
  return (
    <div className="muted small" data-testid="refs-preview">
      <div>{t('sources.refs.branches', { names: names(refs.branch, refs.more.branch) })}</div>
      <div>{t('sources.refs.tags', { names: names(refs.tag, refs.more.tag) })}</div>
    </div>
  );
}
