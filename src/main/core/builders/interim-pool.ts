import type { Db } from '../db/database';
import type { BuilderStore } from '../builds/builder-store';
import type { BuilderPoolPort, PoolMember } from './pool-ports';

/** Until the pool lands: every builder, assumed healthy, amd64 with arm64 emulated. Replaced by createBuilderPool. */
export function interimPool(db: Db, builders: BuilderStore): BuilderPoolPort {
  return {
    members() {
      const ids = ['local', ...(db.prepare('SELECT id FROM builders ORDER BY name').pluck().all() as string[])];
      return Promise.resolve(
        ids.map((id): PoolMember => {
          const b = builders.resolve(id);
          return { id, name: b.name, engine: b.engine, docker: b.docker, capacity: 2, health: { state: 'healthy' }, capabilities: { engineKind: 'docker', engineVersion: '', apiVersion: '', buildkitVersion: null, nativePlatforms: ['linux/amd64'], emulatedPlatforms: ['linux/arm64'], session: true } };
        }),
      );
    },
    failed: () => undefined,
    succeeded: () => undefined,
  };
}
