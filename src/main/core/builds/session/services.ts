import { GrpcCode, GrpcError, type GrpcCodeValue } from './grpc-frame';
import {
  credentialsRequest,
  credentialsResponse,
  getSecretRequest,
  getSecretResponse,
  healthCheckRequest,
  healthCheckResponse,
  HealthStatus,
} from './messages';

/** The gRPC methods a session serves; each is announced to the engine in its own header. */
export const SessionMethod = {
  credentials: '/moby.filesync.v1.Auth/Credentials',
  health: '/grpc.health.v1.Health/Check',
  getSecret: '/moby.buildkit.secrets.v1.Secrets/GetSecret',
} as const;

export interface RegistryCredentials {
  readonly username: string;
  /** A password or an identity token; it leaves this module only inside the engine's gRPC reply. */
  readonly secret: string;
}

/**
 * Answers the engine's "which login for this registry?". The host is what BuildKit resolved:
 * `127.0.0.1:5000`, `ghcr.io`, and for Docker Hub `registry-1.docker.io` (where the docker CLI
 * looks up `https://index.docker.io/v1/`). null means "pull anonymously".
 */
export type CredentialsLookup = (host: string) => RegistryCredentials | null | undefined | Promise<RegistryCredentials | null | undefined>;

export interface SessionServices {
  readonly credentials?: CredentialsLookup;
  /** Build secrets by id, as `RUN --mount=type=secret,id=<id>` names them. */
  readonly secrets?: ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>;
}

/** What a call was about, without any value: safe to log. */
export interface SessionCall {
  readonly method: string;
  readonly code: GrpcCodeValue;
  /** Credentials: the registry host asked about. */
  readonly host?: string;
  /** GetSecret: the secret id asked for. */
  readonly secretId?: string;
  /** Credentials: whether a login was handed over (false: anonymous). */
  readonly supplied?: boolean;
}

export interface CallResult {
  readonly code: GrpcCodeValue;
  readonly message?: string;
  readonly payload?: Uint8Array;
  readonly call: SessionCall;
}

export interface SessionHandler {
  /** Paths to announce with X-Docker-Expose-Session-Grpc-Method. */
  readonly methods: readonly string[];
  handle(path: string, request: Uint8Array): Promise<CallResult>;
}

function secretLookup(secrets: SessionServices['secrets']): (id: string) => Uint8Array | undefined {
  if (!secrets) return () => undefined;
  if (secrets instanceof Map) return (id) => secrets.get(id);
  const record = secrets as Readonly<Record<string, Uint8Array>>;
  return (id) => (Object.hasOwn(record, id) ? record[id] : undefined);
}

/**
 * The session's gRPC services as plain request-bytes → reply functions, so they can be tested
 * without an engine. Error messages name hosts and ids, never a value.
 */
export function createSessionHandler(services: SessionServices): SessionHandler {
  const secret = secretLookup(services.secrets);
  const methods: string[] = [SessionMethod.health];
  if (services.credentials) methods.push(SessionMethod.credentials);
  if (services.secrets) methods.push(SessionMethod.getSecret);

  async function handle(path: string, request: Uint8Array): Promise<CallResult> {
    let host: string | undefined;
    let secretId: string | undefined;
    try {
      switch (path) {
        case SessionMethod.health: {
          healthCheckRequest.decode(request);
          return ok(path, healthCheckResponse.encode({ status: HealthStatus.SERVING }), {});
        }
        case SessionMethod.credentials: {
          if (!services.credentials) break;
          host = credentialsRequest.decode(request).host;
          let found: RegistryCredentials | null | undefined;
          try {
            found = await services.credentials(host);
          } catch {
            // The lookup's own error may quote a stored value: it is not passed on.
            throw new GrpcError(GrpcCode.INTERNAL, `the login for ${host} could not be read`);
          }
          const reply = found ? { username: found.username, secret: found.secret } : { username: '', secret: '' };
          return ok(path, credentialsResponse.encode(reply), { host, supplied: Boolean(found) });
        }
        case SessionMethod.getSecret: {
          if (!services.secrets) break;
          secretId = getSecretRequest.decode(request).id;
          const data = secret(secretId);
          if (data === undefined) throw new GrpcError(GrpcCode.NOT_FOUND, `secret ${secretId} not found`);
          return ok(path, getSecretResponse.encode({ data }), { secretId });
        }
        default:
          break;
      }
      throw new GrpcError(GrpcCode.UNIMPLEMENTED, `unknown method ${path}`);
    } catch (error) {
      const e = error instanceof GrpcError ? error : new GrpcError(GrpcCode.INTERNAL, 'internal error');
      const call: SessionCall = { method: path, code: e.code, ...(host !== undefined ? { host } : {}), ...(secretId !== undefined ? { secretId } : {}) };
      return { code: e.code, message: e.message, call };
    }
  }

  return { methods, handle };
}

function ok(method: string, payload: Uint8Array, about: Omit<SessionCall, 'method' | 'code'>): CallResult {
  return { code: GrpcCode.OK, payload, call: { method, code: GrpcCode.OK, ...about } };
}
