import { useId, type ReactElement, type ReactNode } from 'react';
import type { Text } from '../../../shared/i18n/phrase';
import { useT } from '../i18n/use-t';

interface Props {
  readonly label: string;
  readonly help?: ReactNode;
  /** A refusal to show under the control: a phrase is worded in the current language. */
  readonly error?: Text | undefined;
  readonly children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactElement;
}

/** A labelled control with its help text and error wired for assistive technology. */
export function Field({ label, help, error, children }: Props) {
  const id = useId();
  const { word } = useT();
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': true as const } : {}) })}
      {help ? (
        <p id={`${id}-help`} className="muted small">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {word(error)}
        </p>
      ) : null}
    </div>
  );
}
