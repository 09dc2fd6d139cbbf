import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../../src/main/core';
import type { Channel, EventName, EventPayload, MethodInput, MethodOutput } from '../../../src/shared/contract';
import type { ErrorEnvelope } from '../../../src/shared/errors';

export function caller(core: Core) {
  return {
    async ok<C extends Channel>(channel: C, input: MethodInput<C>): Promise<MethodOutput<C>> {
      const r = await core.call(channel, input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message} (${r.error.hint ?? ''})`);
      return r.result as MethodOutput<C>;
    },
    async fails<C extends Channel>(channel: C, input: MethodInput<C>): Promise<ErrorEnvelope> {
      const r = await core.call(channel, input);
      if (r.ok) throw new Error(`${channel} succeeded but should have failed`);
      return r.error;
    },
  };
}

/** Resolves with the next event of that name (bounded). */
export function nextEvent<E extends EventName>(core: Core, name: E, timeoutMs = 10_000): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error(`no ${name} event within ${timeoutMs} ms`))), timeoutMs);
    const stop = core.bus.subscribe((e) => {
      if (e.event !== name) return;
      clearTimeout(timer);
      stop();
      resolve(e.payload as EventPayload<E>);
    });
  });
}

/** Every byte SQLite wrote (database, WAL, shared memory) in the data folder. */
export function databaseBytes(dataDir: string): Buffer {
  return Buffer.concat(
    readdirSync(dataDir)
      .filter((f) => f.startsWith('slipway.db'))
      .map((f) => readFileSync(join(dataDir, f))),
  );
}

export function baseEnv(dataDir: string): Record<string, string> {
  return { DOCKER_CONFIG: dataDir, DOCKER_HOST: `unix://${join(dataDir, 'no-docker.sock')}`, SLIPWAY_SOURCES_HEALTH_MS: '3600000' };
}
