import { useId } from 'react';
import { useContractQuery } from '../../api/hooks';
import { useT } from '../../i18n/use-t';

/** Which engine builds this repository: the local one or a remote builder from Settings. */
export function BuilderChoice({ value, onChange }: { readonly value: string; readonly onChange: (id: string) => void }) {
  const builders = useContractQuery('builders:list', {}).data;
  const { t } = useT();
  const id = useId();
  const known = builders?.some((b) => b.id === value) ?? true;
  return (
    <div className="inline-form">
      <label htmlFor={id}>{t('builds.builder.label')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {(builders ?? [{ id: 'local', name: t('builds.builder.local') }]).map((b) => (
          <option key={b.id} value={b.id}>
            {/* The local engine is Slipway's own entry: its name is worded here, a remote one's is the user's. */}
            {b.id === 'local' ? t('builds.builder.local') : b.name}
          </option>
        ))}
        {!known ? <option value={value}>{t('builds.builder.removed')}</option> : null}
      </select>
      <a className="small" href="#/settings">
        {t('builds.builder.add')}
      </a>
    </div>
  );
}
