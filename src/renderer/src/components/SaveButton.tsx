import { useT } from '../i18n/use-t';

/** A form's submit button, with "Saved" announced beside it once the host took the change. */
export function SaveButton({ label, pending, saved }: { readonly label?: string; readonly pending: boolean; readonly saved: boolean }) {
  const { t } = useT();
  return (
    <>
      <button type="submit" disabled={pending}>
        {label ?? t('common.save')}
      </button>
      {saved ? (
        <span className="ok" role="status">
          {t('common.saved')}
        </span>
      ) : null}
    </>
  );
}
