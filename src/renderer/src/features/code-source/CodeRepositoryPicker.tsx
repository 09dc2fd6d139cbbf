import { useEffect, useState } from 'react';
import { codeRepositoryRefSchema, type CodeRepositoryRef } from '../../../../shared/models/code-repo';
import type { Owner, SourceRef, SourceRepository } from '../../../../shared/models/code-source';
import { useClient } from '../../app/context';
import { toProblem, type Problem } from '../../store/app-store';
import { InlineProblem } from '../../components/InlineProblem';
import { providerNames, useSources } from './use-sources';

interface Props {
  readonly value: CodeRepositoryRef | null;
  readonly onSave: (ref: CodeRepositoryRef | null) => Promise<boolean>;
}

const perPage = 30;

/** The image repository's code repository: shown, and chosen from a bound account or as a plain git URL. */
export function CodeRepositoryField({ value, onSave }: Props) {
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
            )}{' '}
            <span className="badge">{providerNames[value.provider]}</span>
            {value.defaultBranch ? <span className="muted small"> default branch {value.defaultBranch}</span> : null}
          </span>{' '}
          <button type="button" className="ghost" onClick={() => setEditing(true)}>
            Change
          </button>
          <button type="button" className="ghost" onClick={() => void onSave(null)}>
            Unbind code repository
          </button>
        </>
      ) : (
        <>
          <span className="muted">Not bound.</span>{' '}
          <button type="button" className="ghost" onClick={() => setEditing(true)}>
            Bind code repository
          </button>
        </>
      )}
    </span>
  );
}

function CodeRepositoryPicker({ onCancel, onPick }: { readonly onCancel: () => void; readonly onPick: (ref: CodeRepositoryRef) => Promise<unknown> }) {
  const client = useClient();
  const { sources, loaded } = useSources();
  const [sourceId, setSourceId] = useState('');
  const [owners, setOwners] = useState<Owner[]>([]);
  const [ownerId, setOwnerId] = useState('');
  const [search, setSearch] = useState('');
  const [repos, setRepos] = useState<SourceRepository[]>([]);
  const [page, setPage] = useState(1);
  const [hasMore, setHasMore] = useState(false);
  const [chosen, setChosen] = useState<SourceRepository | undefined>();
  const [gitUrl, setGitUrl] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();

  useEffect(() => {
    if (!sourceId && sources[0]) setSourceId(sources[0].id);
  }, [sources, sourceId]);

  useEffect(() => {
    setOwners([]);
    setOwnerId('');
    setChosen(undefined);
    if (!sourceId || sourceId === 'git') return;
    client.call('sources:owners', { sourceId }).then(
      (list) => {
        setOwners(list);
        setOwnerId(list[0]?.id ?? '');
      },
      (error: unknown) => setProblem(toProblem(error)),
    );
  }, [client, sourceId]);

  useEffect(() => {
    if (!sourceId || sourceId === 'git' || !ownerId) return;
    let stale = false;
    const timer = setTimeout(() => {
      client.call('sources:repositories', { sourceId, ownerId, search, page: 1, perPage }).then(
        (result) => {
          if (stale) return;
          setRepos(result.items);
          setPage(1);
          setHasMore(result.hasMore);
        },
        (error: unknown) => !stale && setProblem(toProblem(error)),
      );
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [client, sourceId, ownerId, search]);

  async function more() {
    try {
      const result = await client.call('sources:repositories', { sourceId, ownerId, search, page: page + 1, perPage });
      setRepos((r) => [...r, ...result.items]);
      setPage(page + 1);
      setHasMore(result.hasMore);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

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
    if (!parsed.success) return setProblem({ message: parsed.error.issues[0]?.message ?? 'Enter the repository’s https clone URL.' });
    await onPick(parsed.data);
  }

  return (
    <div className="card form picker" role="group" aria-label="Choose a code repository">
      {problem ? <InlineProblem problem={problem} onDismiss={() => setProblem(undefined)} /> : null}
      <label className="field">
        Account
        <select value={sourceId} onChange={(e) => setSourceId(e.target.value)}>
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {providerNames[s.provider]} — {s.login} ({new URL(s.baseUrl).host})
            </option>
          ))}
          <option value="git">Public repository by git URL</option>
        </select>
      </label>
      {loaded && sources.length === 0 ? <p className="muted small">No account is bound: bind one on the Code Source page, or give a public repository’s git URL.</p> : null}
      {sourceId === 'git' || (loaded && sources.length === 0) ? (
        <>
          <label className="field">
            Git clone URL
            <input className="wide" value={gitUrl} onChange={(e) => setGitUrl(e.target.value)} placeholder="https://example.com/team/app.git" spellCheck={false} />
          </label>
          <div className="buttons">
            <button type="button" onClick={() => void bindUrl()}>
              Bind code repository
            </button>
            <button type="button" className="ghost" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      ) : (
        <>
          <div className="row">
            <label className="field">
              Owner
              <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
                {owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.fullPath}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              Search repositories
              <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} spellCheck={false} />
            </label>
          </div>
          <ul className="picker-list" aria-label="Repositories">
            {repos.map((r) => (
              <li key={r.fullName}>
                <label className="check">
                  <input type="radio" name="code-repo" checked={chosen?.fullName === r.fullName} onChange={() => setChosen(r)} /> {r.fullName}
                  {r.private ? <span className="badge">private</span> : null}
                </label>
              </li>
            ))}
            {repos.length === 0 ? <li className="muted">No repositories{search ? ` match “${search}”` : ''}.</li> : null}
          </ul>
          {hasMore ? (
            <button type="button" className="ghost" onClick={() => void more()}>
              Load more repositories
            </button>
          ) : null}
          {chosen && sourceId ? <RefsPreview sourceId={sourceId} fullName={chosen.fullName} /> : null}
          <div className="buttons">
            <button type="button" disabled={!chosen} onClick={() => void bindChosen()}>
              Bind code repository
            </button>
            <button type="button" className="ghost" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** The chosen repository's branches and tags, so the user sees what build rules will match. */
function RefsPreview({ sourceId, fullName }: { readonly sourceId: string; readonly fullName: string }) {
  const client = useClient();
  const [refs, setRefs] = useState<{ branch: SourceRef[]; tag: SourceRef[]; more: { branch: boolean; tag: boolean } }>({ branch: [], tag: [], more: { branch: false, tag: false } });
  const [problem, setProblem] = useState<Problem | undefined>();
  useEffect(() => {
    let stale = false;
    Promise.all([
      client.call('sources:refs', { sourceId, fullName, kind: 'branch', page: 1, perPage: 20 }),
      client.call('sources:refs', { sourceId, fullName, kind: 'tag', page: 1, perPage: 20 }),
    ]).then(
      ([b, t]) => !stale && setRefs({ branch: b.items, tag: t.items, more: { branch: b.hasMore, tag: t.hasMore } }),
      (error: unknown) => !stale && setProblem(toProblem(error)),
    );
    return () => {
      stale = true;
    };
  }, [client, sourceId, fullName]);
  if (problem) return <InlineProblem problem={problem} />;
  return (
    <div className="muted small" data-testid="refs-preview">
      <div>
        Branches: {refs.branch.map((r) => r.name).join(', ') || 'none'}
        {refs.more.branch ? ', …' : ''}
      </div>
      <div>
        Tags: {refs.tag.map((r) => r.name).join(', ') || 'none'}
        {refs.more.tag ? ', …' : ''}
      </div>
    </div>
  );
}
