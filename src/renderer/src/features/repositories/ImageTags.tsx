import { useState } from 'react';
import type { ImageTag } from '../../../../shared/models/image-tag';
import { useContractQuery } from '../../api/hooks';
import type { Problem } from '../../api/problem';
import { ListSection } from '../../components/ListSection';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function ImageTags({ repositoryId }: { readonly repositoryId: string }) {
  const query = useContractQuery('tags:list', { repositoryId });
  const tags = query.data;
  const [clipboardProblem, setClipboardProblem] = useState<Problem | undefined>();
  const [copied, setCopied] = useState<string | undefined>();

  const copy = async (tag: ImageTag) => {
    try {
      await navigator.clipboard.writeText(tag.pullCommand);
      setCopied(tag.tag);
    } catch {
      setClipboardProblem({ message: 'The clipboard is not available here.', hint: 'Select the command and copy it by hand.' });
    }
  };

  return (
    <ListSection
      title="Image tags"
      action={
        <button type="button" className="ghost" onClick={() => void query.refetch()} disabled={query.isFetching}>
          {query.isFetching ? 'Loading…' : 'Refresh'}
        </button>
      }
      problem={query.problem ?? clipboardProblem}
      onDismiss={clipboardProblem ? () => setClipboardProblem(undefined) : undefined}
      items={tags}
      empty="No tags in the registry yet. They appear here after the first build pushes one."
    >
      {(list) => (
        <table className="table" aria-label="Image tags">
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col">Digest</th>
              <th scope="col">Size</th>
              <th scope="col">Platforms</th>
              <th scope="col">Created</th>
              <th scope="col">Pull</th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.tag}>
                <td>
                  <code>{t.tag}</code>
                </td>
                <td title={t.digest}>
                  <code>{t.digest.slice(0, 19)}…</code>
                </td>
                <td>{formatSize(t.size)}</td>
                <td>{t.platforms.join(', ') || <span className="muted">unknown</span>}</td>
                <td>{t.created ? new Date(t.created).toLocaleString() : <span className="muted">unknown</span>}</td>
                <td>
                  <button type="button" className="ghost" onClick={() => void copy(t)} aria-label={`Copy pull command for ${t.tag}`}>
                    {copied === t.tag ? 'Copied' : 'Copy'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ListSection>
  );
}
