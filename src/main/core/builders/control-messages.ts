import type protobuf from 'protobufjs/light.js';
import { onFirstUse } from '../lazy-module';
import { protobufRuntime } from '../protobuf-runtime';

/**
 * The few messages of BuildKit's control API that say what a builder is, declared with protobufjs's
 * reflection API (nothing read from disk: the main process is bundled). Field numbers follow
 * moby/buildkit's api/services/control/control.proto (ListWorkersRequest/Response, InfoRequest/
 * Response), api/types/worker.proto (WorkerRecord, BuildkitVersion) and solver/pb/ops.proto
 * (Platform). Fields Slipway does not read (GC policies, CDI devices) are skipped on decode.
 */
const controlRoot = onFirstUse(() =>
  protobufRuntime().Root.fromJSON({
    nested: {
      control: {
        nested: {
          ListWorkersRequest: { fields: { filter: { type: 'string', id: 1, rule: 'repeated' } } },
          ListWorkersResponse: { fields: { record: { type: 'WorkerRecord', id: 1, rule: 'repeated' } } },
          WorkerRecord: {
            fields: {
              id: { type: 'string', id: 1 },
              labels: { keyType: 'string', type: 'string', id: 2 } as protobuf.IMapField,
              platforms: { type: 'Platform', id: 3, rule: 'repeated' },
              buildkitVersion: { type: 'BuildkitVersion', id: 5 },
            },
          },
          Platform: {
            fields: {
              architecture: { type: 'string', id: 1 },
              os: { type: 'string', id: 2 },
              variant: { type: 'string', id: 3 },
            },
          },
          BuildkitVersion: {
            fields: {
              package: { type: 'string', id: 1 },
              version: { type: 'string', id: 2 },
              revision: { type: 'string', id: 3 },
            },
          },
          InfoRequest: { fields: {} },
          InfoResponse: { fields: { buildkitVersion: { type: 'BuildkitVersion', id: 1 } } },
        },
      },
    },
  }),
);

const listWorkersRequestType = onFirstUse(() => controlRoot().lookupType('control.ListWorkersRequest'));
const listWorkersResponseType = onFirstUse(() => controlRoot().lookupType('control.ListWorkersResponse'));
const infoRequestType = onFirstUse(() => controlRoot().lookupType('control.InfoRequest'));
const infoResponseType = onFirstUse(() => controlRoot().lookupType('control.InfoResponse'));

export interface WorkerPlatform {
  readonly os: string;
  readonly architecture: string;
  readonly variant: string;
}

export interface WorkerRecord {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly platforms: readonly WorkerPlatform[];
  /** Empty when the engine's BuildKit predates the field (before 0.11). */
  readonly buildkitVersion: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Readonly<Record<string, unknown>> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

function decode(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown> {
  // A plain view: protobufjs's Buffer reader clips an overlong string instead of failing.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return type.toObject(type.decode(view), { defaults: true, arrays: true, objects: true });
}

export function encodeListWorkersRequest(): Uint8Array {
  const type = listWorkersRequestType();
  return type.encode(type.create({})).finish();
}

export function encodeInfoRequest(): Uint8Array {
  const type = infoRequestType();
  return type.encode(type.create({})).finish();
}

/** Throws on bytes that are not a ListWorkersResponse. */
export function decodeListWorkersResponse(bytes: Uint8Array): WorkerRecord[] {
  return list(decode(listWorkersResponseType(), bytes).record).map((raw) => {
    const record = obj(raw);
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(record.labels))) if (typeof v === 'string') labels[k] = v;
    return {
      id: str(record.id),
      labels,
      platforms: list(record.platforms).map((p) => {
        const platform = obj(p);
        return { os: str(platform.os), architecture: str(platform.architecture), variant: str(platform.variant) };
      }),
      buildkitVersion: str(obj(record.buildkitVersion).version),
    };
  });
}

/** BuildKit's version from Control/Info; empty when it did not say. */
export function decodeInfoResponse(bytes: Uint8Array): string {
  return str(obj(decode(infoResponseType(), bytes).buildkitVersion).version);
}
