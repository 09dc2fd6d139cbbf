import type { Build } from '../../../../shared/models/build';
import { useT } from '../../i18n/use-t';
import { WaitingBuilders } from './WaitingBuilders';

/** Where each platform of the build ran and why (native, emulated, the pool's only builder, after failover). */
export function BuildPlacements({ build }: { readonly build: Build }) {
  const { t } = useT();
  if (build.placements.length === 0 && build.status !== 'queued') return null;
  return (
    <section className="card" aria-labelledby="where-heading">
      <h2 id="where-heading">{t('builds.detail.where')}</h2>
      {build.placements.length === 0 ? (
        <WaitingBuilders build={build} />
      ) : (
        <ul className="build-placements" data-testid="build-placements">
          {build.placements.map((p, i) => (
            <li key={`${p.platform ?? ''}-${i}`} data-builder={p.builderId}>
              {t('builds.detail.placement', {
                platform: p.platform ?? '',
                // The local engine is Slipway's own entry: its name is worded here, a remote one's is the user's.
                builder: p.builderId === 'local' ? t('builds.builder.local') : p.builderName,
                fit: p.fit,
                only: p.onlyBuilder ? 'yes' : 'no',
                failover: p.afterFailover ? 'yes' : 'no',
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
