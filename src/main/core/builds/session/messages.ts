import protobuf from 'protobufjs/light.js';
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

const root = new protobuf.Root();

function message(pkg: string, name: string, fields: readonly protobuf.FieldBase[]): protobuf.Type {
  const type = new protobuf.Type(name);
  for (const field of fields) type.add(field);
  root.define(pkg).add(type);
  return type;
}

const field = (name: string, id: number, type: string, rule?: 'repeated') => new protobuf.Field(name, id, type, rule);

// moby.filesync.v1 (BuildKit keeps the auth service in the filesync package)
const credentialsRequestType = message('moby.filesync.v1', 'CredentialsRequest', [field('host', 1, 'string')]);
const credentialsResponseType = message('moby.filesync.v1', 'CredentialsResponse', [field('username', 1, 'string'), field('secret', 2, 'string')]);
const fetchTokenRequestType = message('moby.filesync.v1', 'FetchTokenRequest', [
  field('clientId', 1, 'string'),
  field('host', 2, 'string'),
  field('realm', 3, 'string'),
  field('service', 4, 'string'),
  field('scopes', 5, 'string', 'repeated'),
]);
const getTokenAuthorityRequestType = message('moby.filesync.v1', 'GetTokenAuthorityRequest', [field('host', 1, 'string'), field('salt', 2, 'bytes')]);

// moby.buildkit.secrets.v1
const getSecretRequestType = message('moby.buildkit.secrets.v1', 'GetSecretRequest', [
  field('id', 1, 'string'),
  new protobuf.MapField('annotations', 2, 'string', 'string'),
]);
const getSecretResponseType = message('moby.buildkit.secrets.v1', 'GetSecretResponse', [field('data', 1, 'bytes')]);

// grpc.health.v1; the status enum travels as a varint, read here as int32.
const healthCheckRequestType = message('grpc.health.v1', 'HealthCheckRequest', [field('service', 1, 'string')]);
const healthCheckResponseType = message('grpc.health.v1', 'HealthCheckResponse', [field('status', 1, 'int32')]);

root.resolveAll();

const toObjectOptions: protobuf.IConversionOptions = { defaults: true, arrays: true, objects: true, longs: String };

function codec<T extends object>(type: protobuf.Type, fromObject: (raw: Record<string, unknown>) => T): Codec<T> {
  return {
    encode: (value) => type.encode(type.fromObject(value as Record<string, unknown>)).finish(),
    decode: (bytes) => {
      let raw: Record<string, unknown>;
      try {
        raw = type.toObject(type.decode(bytes), toObjectOptions);
      } catch (error) {
        throw new GrpcError(GrpcCode.INTERNAL, `cannot decode ${type.fullName.slice(1)}: ${(error as Error).message}`);
      }
      return fromObject(raw);
    },
  };
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

export const credentialsRequest = codec<CredentialsRequest>(credentialsRequestType, (r) => ({ host: str(r.host) }));
export const credentialsResponse = codec<CredentialsResponse>(credentialsResponseType, (r) => ({ username: str(r.username), secret: str(r.secret) }));
export const fetchTokenRequest = codec<FetchTokenRequest>(fetchTokenRequestType, (r) => ({
  clientId: str(r.clientId),
  host: str(r.host),
  realm: str(r.realm),
  service: str(r.service),
  scopes: strings(r.scopes),
}));
export const getTokenAuthorityRequest = codec<GetTokenAuthorityRequest>(getTokenAuthorityRequestType, (r) => ({ host: str(r.host), salt: bytes(r.salt) }));
export const getSecretRequest = codec<GetSecretRequest>(getSecretRequestType, (r) => ({ id: str(r.id), annotations: stringMap(r.annotations) }));
export const getSecretResponse = codec<GetSecretResponse>(getSecretResponseType, (r) => ({ data: bytes(r.data) }));
export const healthCheckRequest = codec<HealthCheckRequest>(healthCheckRequestType, (r) => ({ service: str(r.service) }));
export const healthCheckResponse = codec<HealthCheckResponse>(healthCheckResponseType, (r) => ({ status: typeof r.status === 'number' ? r.status : 0 }));
