import { useId } from 'react';
import type { BuilderPool } from '../../../../shared/models/repository';
import { useContractQuery } from '../../api/hooks';
import { useT } from '../../i18n/use-t';

/**
 * Which builders build this repository: any in the pool, or the ones ticked. Unticking the last
 * one is not offered: a chosen set is never empty.
 */
export function BuilderChoice({ value, onChange }: { readonly value: BuilderPool; readonly onChange: (pool: BuilderPool) => void }) {
  const builders = useContractQuery('builders:list', {}).data;
  const { t } = useT();
  const id = useId();
  const listed = builders ?? [{ id: 'local', name: t('builds.builder.local') }];
  const chosen = value === 'any' ? [] : value;
  // A builder removed since it was chosen still shows, so it can be unticked.
  const gone = chosen.filter((c) => !listed.some((b) => b.id === c));
  const toggle = (builderId: string, on: boolean) => {
    const next = on ? [...chosen, builderId] : chosen.filter((c) => c !== builderId);
    if (next.length > 0) onChange(next);
  };
  return (
    <fieldset className="builder-choice" aria-describedby={`${id}-hint`}>
      <legend>{t('builds.builder.label')}</legend>
      <label className="check">
        <input type="radio" name={`${id}-mode`} checked={value === 'any'} onChange={() => onChange('any')} /> {t('builds.builder.any')}
      </label>
      <label className="check">
        <input type="radio" name={`${id}-mode`} checked={value !== 'any'} onChange={() => onChange(chosen.length > 0 ? chosen : ['local'])} /> {t('builds.builder.chosen')}
      </label>
      {value !== 'any' ? (
        <ul className="builder-choice-list">
          {listed.map((b) => (
            <li key={b.id}>
              <label className="check">
                <input type="checkbox" checked={chosen.includes(b.id)} disabled={chosen.length === 1 && chosen.includes(b.id)} onChange={(e) => toggle(b.id, e.target.checked)} />
                {/* The local engine is Slipway's own entry: its name is worded here, a remote one's is the user's. */}
                {b.id === 'local' ? t('builds.builder.local') : b.name}
              </label>
            </li>
          ))}
          {gone.map((g) => (
            <li key={g}>
              <label className="check">
                <input type="checkbox" checked onChange={(e) => toggle(g, e.target.checked)} disabled={chosen.length === 1} /> {t('builds.builder.removed')}
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      <p id={`${id}-hint`} className="muted small">
        {t('builds.builder.poolHint')}
        <a className="builder-choice-add" href="#/settings">{t('builds.builder.add')}</a>
      </p>
    </fieldset>
  );
}
