import { useState } from 'react';
import type { ImageTag } from '../../../../shared/models/image-tag';
import { useContractQuery } from '../../api/hooks';
import type { Problem } from '../../api/problem';
import { phrase } from '../../../../shared/i18n/phrase';
import { ListSection } from '../../components/ListSection';
import { useFormats } from '../../i18n/format';
import { useT } from '../../i18n/use-t';

export function ImageTags({ repositoryId }: { readonly repositoryId: string }) {
  const { t } = useT();
  const formats = useFormats();
  const query = useContractQuery('tags:list', { repositoryId });
  const tags = query.data;
  const [clipboardProblem, setClipboardProblem] = useState<Problem | undefined>();
  const [copied, setCopied] = useState<string | undefined>();

  const copy = async (tag: ImageTag) => {
    try {
      await navigator.clipboard.writeText(tag.pullCommand);
      setCopied(tag.tag);
    } catch {
      setClipboardProblem({ message: phrase('repositories.tags.noClipboard'), hint: phrase('repositories.tags.noClipboardHint') });
    }
  };

  return (
    <ListSection
      title={t('repositories.tags.title')}
      action={
        <button type="button" className="ghost" onClick={() => void query.refetch()} disabled={query.isFetching}>
          {query.isFetching ? t('common.loading') : t('repositories.tags.refresh')}
        </button>
      }
      problem={query.problem ?? clipboardProblem}
      onDismiss={clipboardProblem ? () => setClipboardProblem(undefined) : undefined}
      items={tags}
      empty={t('repositories.tags.empty')}
    >
      {(list) => (
        <table className="table" aria-label={t('repositories.tags.title')}>
          <thead>
            <tr>
              <th scope="col">{t('repositories.tags.tag')}</th>
              <th scope="col">{t('repositories.tags.digest')}</th>
              <th scope="col">{t('repositories.tags.size')}</th>
              <th scope="col">{t('repositories.tags.platforms')}</th>
              <th scope="col">{t('repositories.tags.created')}</th>
              <th scope="col">{t('repositories.tags.pull')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((tag) => (
              <tr key={tag.tag}>
                <td>
                  <code>{tag.tag}</code>
                </td>
                <td title={tag.digest}>
                  <code>{tag.digest.slice(0, 19)}…</code>
                </td>
                <td>{formats.bytes(tag.size)}</td>
                <td>{tag.platforms.join(', ') || <span className="muted">{t('repositories.tags.unknown')}</span>}</td>
                <td>{tag.created ? formats.dateTime(tag.created) : <span className="muted">{t('repositories.tags.unknown')}</span>}</td>
                <td>
                  <button type="button" className="ghost" onClick={() => void copy(tag)} aria-label={t('repositories.tags.copyLabel', { tag: tag.tag })}>
                    {copied === tag.tag ? t('repositories.tags.copied') : t('repositories.tags.copy')}
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
