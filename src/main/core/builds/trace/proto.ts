import { onFirstUse } from '../../lazy-module';
import { protobufRuntime } from '../../protobuf-runtime';

/**
 * BuildKit's progress messages (moby.buildkit.v1 in api/services/control/control.proto), declared by
 * reflection rather than loaded from a .proto file so the main bundle carries no asset. Only the
 * fields the build page uses are declared; protobufjs skips the rest (progressGroup, warning source
 * ranges) by wire type, so newer engines that add fields still decode.
 */
const statusResponseType = onFirstUse(() => {
  const { Root, Type, Field } = protobufRuntime();
  const root = new Root();
  const pkg = root.define('moby.buildkit.v1');
  pkg.add(new Type('Timestamp').add(new Field('seconds', 1, 'int64')).add(new Field('nanos', 2, 'int32')));
  pkg.add(
    new Type('Vertex')
      .add(new Field('digest', 1, 'string'))
      .add(new Field('inputs', 2, 'string', 'repeated'))
      .add(new Field('name', 3, 'string'))
      .add(new Field('cached', 4, 'bool'))
      .add(new Field('started', 5, 'Timestamp'))
      .add(new Field('completed', 6, 'Timestamp'))
      .add(new Field('error', 7, 'string')),
  );
  pkg.add(
    new Type('VertexStatus')
      .add(new Field('ID', 1, 'string'))
      .add(new Field('vertex', 2, 'string'))
      .add(new Field('name', 3, 'string'))
      .add(new Field('current', 4, 'int64'))
      .add(new Field('total', 5, 'int64'))
      .add(new Field('timestamp', 6, 'Timestamp'))
      .add(new Field('started', 7, 'Timestamp'))
      .add(new Field('completed', 8, 'Timestamp')),
  );
  pkg.add(
    new Type('VertexLog')
      .add(new Field('vertex', 1, 'string'))
      .add(new Field('timestamp', 2, 'Timestamp'))
      .add(new Field('stream', 3, 'int64'))
      .add(new Field('msg', 4, 'bytes')),
  );
  pkg.add(
    new Type('VertexWarning')
      .add(new Field('vertex', 1, 'string'))
      .add(new Field('level', 2, 'int64'))
      .add(new Field('short', 3, 'bytes'))
      .add(new Field('detail', 4, 'bytes', 'repeated'))
      .add(new Field('url', 5, 'string')),
  );
  pkg.add(
    new Type('StatusResponse')
      .add(new Field('vertexes', 1, 'Vertex', 'repeated'))
      .add(new Field('statuses', 2, 'VertexStatus', 'repeated'))
      .add(new Field('logs', 3, 'VertexLog', 'repeated'))
      .add(new Field('warnings', 4, 'VertexWarning', 'repeated')),
  );
  root.resolveAll();
  return root.lookupType('moby.buildkit.v1.StatusResponse');
});

/** Times are epoch milliseconds (fractional: nanoseconds survive to about a microsecond). */
export interface TraceVertex {
  digest: string;
  inputs: string[];
  name: string;
  cached: boolean;
  started: number | null;
  completed: number | null;
  error: string;
}

export interface TraceStatus {
  id: string;
  vertex: string;
  name: string;
  current: number;
  total: number;
  timestamp: number | null;
  started: number | null;
  completed: number | null;
}

export interface TraceLog {
  vertex: string;
  timestamp: number | null;
  /** 1 stdout, 2 stderr. */
  stream: number;
  msg: Uint8Array;
}

export interface TraceWarning {
  vertex: string;
  level: number;
  short: string;
  detail: string[];
  url: string;
}

export interface StatusResponse {
  vertexes: TraceVertex[];
  statuses: TraceStatus[];
  logs: TraceLog[];
  warnings: TraceWarning[];
}

/** int64 fields decode as numbers or as Long objects depending on whether `long` is loaded. */
type WireInt = number | { toNumber(): number } | null | undefined;
interface WireTimestamp {
  seconds?: WireInt;
  nanos?: number;
}

function int(value: WireInt): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

function time(value: WireTimestamp | null | undefined): number | null {
  if (!value) return null;
  const ms = int(value.seconds) * 1000 + (value.nanos ?? 0) / 1e6;
  // Go's zero time.Time (year 1) marshals as a negative epoch: treat it as unset.
  return ms > 0 ? ms : null;
}

const utf8 = new TextDecoder();
const noBytes = new Uint8Array(0);

interface WireMessage {
  vertexes?: {
    digest?: string;
    inputs?: string[];
    name?: string;
    cached?: boolean;
    started?: WireTimestamp | null;
    completed?: WireTimestamp | null;
    error?: string;
  }[];
  statuses?: {
    ID?: string;
    vertex?: string;
    name?: string;
    current?: WireInt;
    total?: WireInt;
    timestamp?: WireTimestamp | null;
    started?: WireTimestamp | null;
    completed?: WireTimestamp | null;
  }[];
  logs?: { vertex?: string; timestamp?: WireTimestamp | null; stream?: WireInt; msg?: Uint8Array }[];
  warnings?: { vertex?: string; level?: WireInt; short?: Uint8Array; detail?: Uint8Array[]; url?: string }[];
}

/** Decodes one StatusResponse (the bytes of a `moby.buildkit.trace` aux after base64). */
export function decodeStatusResponse(bytes: Uint8Array): StatusResponse {
  const wire = statusResponseType().decode(bytes) as unknown as WireMessage;
  return {
    vertexes: (wire.vertexes ?? []).map((v) => ({
      digest: v.digest ?? '',
      inputs: v.inputs ?? [],
      name: v.name ?? '',
      cached: v.cached ?? false,
      started: time(v.started),
      completed: time(v.completed),
      error: v.error ?? '',
    })),
    statuses: (wire.statuses ?? []).map((s) => ({
      id: s.ID ?? '',
      vertex: s.vertex ?? '',
      name: s.name ?? '',
      current: int(s.current),
      total: int(s.total),
      timestamp: time(s.timestamp),
      started: time(s.started),
      completed: time(s.completed),
    })),
    logs: (wire.logs ?? []).map((l) => ({
      vertex: l.vertex ?? '',
      timestamp: time(l.timestamp),
      stream: int(l.stream),
      msg: l.msg ?? noBytes,
    })),
    warnings: (wire.warnings ?? []).map((w) => ({
      vertex: w.vertex ?? '',
      level: int(w.level),
      short: w.short ? utf8.decode(w.short) : '',
      detail: (w.detail ?? []).map((d) => utf8.decode(d)),
      url: w.url ?? '',
    })),
  };
}

function wireTime(ms: number | null | undefined): WireTimestamp | undefined {
  if (ms === null || ms === undefined) return undefined;
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** What a test or benchmark hands to encodeStatusResponse: every field optional, as on the wire. */
export interface StatusResponseInput {
  vertexes?: Partial<TraceVertex>[];
  statuses?: Partial<TraceStatus>[];
  logs?: (Partial<Omit<TraceLog, 'msg'>> & { msg?: Uint8Array | string })[];
  warnings?: Partial<TraceWarning>[];
}

const utf8Encoder = new TextEncoder();

/** The inverse of decodeStatusResponse, as BuildKit would send it: for tests and benchmarks. */
export function encodeStatusResponse(input: StatusResponseInput): Uint8Array {
  const message: WireMessage = {
    vertexes: (input.vertexes ?? []).map((v) => ({
      digest: v.digest,
      inputs: v.inputs,
      name: v.name,
      cached: v.cached,
      started: wireTime(v.started),
      completed: wireTime(v.completed),
      error: v.error,
    })),
    statuses: (input.statuses ?? []).map((s) => ({
      ID: s.id,
      vertex: s.vertex,
      name: s.name,
      current: s.current,
      total: s.total,
      timestamp: wireTime(s.timestamp),
      started: wireTime(s.started),
      completed: wireTime(s.completed),
    })),
    logs: (input.logs ?? []).map((l) => ({
      vertex: l.vertex,
      timestamp: wireTime(l.timestamp),
      stream: l.stream,
      msg: typeof l.msg === 'string' ? utf8Encoder.encode(l.msg) : l.msg,
    })),
    warnings: (input.warnings ?? []).map((w) => ({
      vertex: w.vertex,
      level: w.level,
      short: w.short === undefined ? undefined : utf8Encoder.encode(w.short),
      detail: w.detail?.map((d) => utf8Encoder.encode(d)),
      url: w.url,
    })),
  };
  const type = statusResponseType();
  return type.encode(type.fromObject(message as Record<string, unknown>)).finish();
}
