import { FormattedMessage } from 'react-intl';
import { useT } from '../i18n/use-t';

/** Shown when the page was opened without the host's session token. */
export function LockedPage() {
  const { t } = useT();
  return (
    <main className="locked">
      <h1>{t('app.locked.title')}</h1>
      <p>
        <FormattedMessage id="app.locked.body" values={{ code: (chunks) => <code>{chunks}</code> }} />
      </p>
    </main>
  );
}
