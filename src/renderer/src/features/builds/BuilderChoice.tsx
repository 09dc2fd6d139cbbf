import { useId } from 'react';
import { useContractQuery } from '../../api/hooks';

/** Which engine builds this repository: the local one or a remote builder from Settings. */
export function BuilderChoice({ value, onChange }: { readonly value: string; readonly onChange: (id: string) => void }) {
  const builders = useContractQuery('builders:list', {}).data;
  const id = useId();
  const known = builders?.some((b) => b.id === value) ?? true;
  return (
    <div className="inline-form">
      <label htmlFor={id}>Builder</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {(builders ?? [{ id: 'local', name: 'Local Docker engine' }]).map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
        {!known ? <option value={value}>A removed builder</option> : null}
      </select>
      <a className="small" href="#/settings">
        Add a remote builder…
      </a>
    </div>
  );
}
