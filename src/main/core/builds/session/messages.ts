import type protobuf from 'protobufjs/light.js';
import { onFirstUse } from '../../lazy-module';
import { protobufRuntime } from '../../protobuf-runtime';
import { GrpcCode, GrpcError } from './grpc-frame';

/**
 * The session's messages, declared with protobufjs's reflection API so nothing is read from disk at
 * run time (the main process is bundled). Field numbers follow BuildKit's session/auth/auth.proto,
 * session/secrets/secrets.proto and grpc's health/v1/health.proto; only the wire numbers and types
 * matter, the names here are ours.
 */

export interface Codec<T> {
  encode(value: T): Uint8Array;
  /** Throws GrpcError(INTERNAL) on bytes that are not this message. */
  decode(bytes: Uint8Array): T;
}

type FieldJson = { readonly type: string; readonly id: number; readonly rule?: 'repeated'; readonly keyType?: string };
type MessagesJson = Readonly<Record<string, Readonly<Record<string, FieldJson>>>>;

/** Reflection JSON for one package; every message is proto3, so defaults stay off the wire as in Go. */
function protoPackage(name: string, messages: MessagesJson): protobuf.INamespace {
  const nested: Record<string, protobuf.IType> = {};
  for (const [message, fields] of Object.entries(messages)) nested[message] = { edition: 'proto3', fields } as protobuf.IType;
  let json: protobuf.INamespace = { nested };
  for (const part of name.split('.').reverse()) json = { nested: { [part]: json } };
  return json;
}

const sessionRoot = onFirstUse(() => {
  const root = new (protobufRuntime().Root)();
  // BuildKit keeps the auth service in the filesync package.
  root.addJSON(
    protoPackage('moby.filesync.v1', {
      CredentialsRequest: { host: { type: 'string', id: 1 } },
      CredentialsResponse: { username: { type: 'string', id: 1 }, secret: { type: 'string', id: 2 } },
      FetchTokenRequest: {
        clientId: { type: 'string', id: 1 },
        host: { type: 'string', id: 2 },
        realm: { type: 'string', id: 3 },
        service: { type: 'string', id: 4 },
        scopes: { type: 'string', id: 5, rule: 'repeated' },
      },
      GetTokenAuthorityRequest: { host: { type: 'string', id: 1 }, salt: { type: 'bytes', id: 2 } },
    }).nested ?? {},
  );
  root.addJSON(
    protoPackage('moby.buildkit.secrets.v1', {
      GetSecretRequest: { id: { type: 'string', id: 1 }, annotations: { keyType: 'string', type: 'string', id: 2 } },
      GetSecretResponse: { data: { type: 'bytes', id: 1 } },
    }).nested ?? {},
  );
  // The health status enum travels as a varint, read here as int32.
  root.addJSON(
    protoPackage('grpc.health.v1', {
      HealthCheckRequest: { service: { type: 'string', id: 1 } },
      HealthCheckResponse: { status: { type: 'int32', id: 1 } },
    }).nested ?? {},
  );
  root.resolveAll();
  return root;
});

const toObjectOptions: protobuf.IConversionOptions = { defaults: true, arrays: true, objects: true, longs: String };

function codec<T extends object>(name: string, fromObject: (raw: Record<string, unknown>) => T): Codec<T> {
  const typeOf = onFirstUse(() => sessionRoot().lookupType(name));
  return {
    encode: (value) => {
      const type = typeOf();
      return type.encode(type.fromObject(withoutDefaults(value))).finish();
    },
    decode: (bytes) => {
      const type = typeOf();
      let raw: Record<string, unknown>;
      try {
        // A plain Uint8Array view: protobufjs's Buffer reader clips an overlong string instead of failing.
        const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        raw = type.toObject(type.decode(view), toObjectOptions);
      } catch (error) {
        throw new GrpcError(GrpcCode.INTERNAL, `cannot decode ${type.fullName.slice(1)}: ${(error as Error).message}`);
      }
      return fromObject(raw);
    },
  };
}

/** protobufjs writes every field that is set, even to its default; Go's proto3 encoder leaves those out. */
function withoutDefaults(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const empty = v === '' || v === 0 || v === false || (v instanceof Uint8Array && v.length === 0) || (Array.isArray(v) && v.length === 0);
    if (!empty && v !== undefined && v !== null) out[key] = v;
  }
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const bytes = (v: unknown): Buffer => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : Buffer.alloc(0));
const stringMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
};

export interface CredentialsRequest {
  readonly host: string;
}
export interface CredentialsResponse {
  readonly username: string;
  readonly secret: string;
}
export interface FetchTokenRequest {
  readonly clientId: string;
  readonly host: string;
  readonly realm: string;
  readonly service: string;
  readonly scopes: readonly string[];
}
export interface GetTokenAuthorityRequest {
  readonly host: string;
  readonly salt: Buffer;
}
export interface GetSecretRequest {
  readonly id: string;
  readonly annotations: Readonly<Record<string, string>>;
}
export interface GetSecretResponse {
  readonly data: Uint8Array;
}
export interface HealthCheckRequest {
  readonly service: string;
}
export const HealthStatus = { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } as const;
export interface HealthCheckResponse {
  readonly status: number;
}

export const credentialsRequest = codec<CredentialsRequest>('moby.filesync.v1.CredentialsRequest', (r) => ({ host: str(r.host) }));
export const credentialsResponse = codec<CredentialsResponse>('moby.filesync.v1.CredentialsResponse', (r) => ({ username: str(r.username), secret: str(r.secret) }));
export const fetchTokenRequest = codec<FetchTokenRequest>('moby.filesync.v1.FetchTokenRequest', (r) => ({
  clientId: str(r.clientId),
  host: str(r.host),
  realm: str(r.realm),
  service: str(r.service),
  scopes: strings(r.scopes),
}));
export const getTokenAuthorityRequest = codec<GetTokenAuthorityRequest>('moby.filesync.v1.GetTokenAuthorityRequest', (r) => ({ host: str(r.host), salt: bytes(r.salt) }));
export const getSecretRequest = codec<GetSecretRequest>('moby.buildkit.secrets.v1.GetSecretRequest', (r) => ({ id: str(r.id), annotations: stringMap(r.annotations) }));
export const getSecretResponse = codec<GetSecretResponse>('moby.buildkit.secrets.v1.GetSecretResponse', (r) => ({ data: bytes(r.data) }));
export const healthCheckRequest = codec<HealthCheckRequest>('grpc.health.v1.HealthCheckRequest', (r) => ({ service: str(r.service) }));
export const healthCheckResponse = codec<HealthCheckResponse>('grpc.health.v1.HealthCheckResponse', (r) => ({ status: typeof r.status === 'number' ? r.status : 0 }));
