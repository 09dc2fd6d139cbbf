import { useId, type ReactNode } from 'react';
import type { Problem } from '../api/problem';
import { useT } from '../i18n/use-t';
import { InlineProblem } from './InlineProblem';

interface Props<T> {
  readonly title: string;
  /** Beside the title: a link or a button acting on the whole list. */
  readonly action?: ReactNode;
  /** Why the list could not be read (or its last action failed). */
  readonly problem?: Problem | undefined;
  readonly onDismiss?: (() => void) | undefined;
  /** Undefined while the list loads. */
  readonly items: readonly T[] | undefined;
  /** What shows while the list loads; "Loading…" in the current language when not given. */
  readonly loading?: ReactNode;
  /** What the list is for and how to fill it, when it is empty. */
  readonly empty: ReactNode;
  readonly children: (items: readonly T[]) => ReactNode;
}

/** The card every list on a detail page sits in: a titled region, its problem, loading, empty or the list. */
export function ListSection<T>({ title, action, problem, onDismiss, items, loading, empty, children }: Props<T>) {
  const id = useId();
  const { t } = useT();
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-title">
        <h2 id={id}>{title}</h2>
        {action}
      </div>
      <InlineProblem problem={problem} onDismiss={onDismiss} />
      {items === undefined ? problem ? null : <p className="muted">{loading ?? t('common.loading')}</p> : items.length === 0 ? <p className="muted">{empty}</p> : children(items)}
    </section>
  );
}
