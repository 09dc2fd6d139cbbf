import { useEffect, useRef } from 'react';
import type { BuilderView } from '../../../../shared/models/builder';
import { useFormats } from '../../i18n/format';
import { useT } from '../../i18n/use-t';
import { useNow } from '../builds/use-builds';

/**
 * Healthy, or resting with its reason and when Slipway tries it again. When the rest is over the
 * list is asked again (the pool probes it then), so the line does not stay stale.
 */
export function BuilderHealthLine({ health, onRestOver }: { readonly health: BuilderView['health']; readonly onRestOver: () => void }) {
  const { t, word } = useT();
  const formats = useFormats();
  const resting = health.state === 'resting';
  const now = useNow(resting, 5000);
  const over = resting && Date.parse(health.until) <= now;
  const asked = useRef<string | null>(null);
  useEffect(() => {
    if (over && asked.current !== health.until) {
      asked.current = health.until;
      onRestOver();
    }
  }, [over, health, onRestOver]);
  if (health.state === 'healthy') return <span className="ok">{t('settings.builders.healthy')}</span>;
  const reason = health.reasonPhrase ? word(health.reasonPhrase) : health.reason;
  return (
    <span className="warn">
      {over
        ? t('settings.builders.restOver', { reason })
        : t('settings.builders.resting', { reason, failures: health.failures, when: formats.relative(health.until, now), at: formats.time(health.until) })}
    </span>
  );
}
