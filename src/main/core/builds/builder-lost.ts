import { AppError, quote } from '../../../shared/errors';
import { phrase } from '../../../shared/i18n/phrase';

/**
 * The builder itself went away (refused the connection at start, or the connection broke
 * mid-build): the build is not at fault and may go to another builder. A failing RUN step is
 * never this.
 */
export class BuilderLost extends Error {
  constructor(
    readonly builderId: string,
    readonly builderName: string,
    /** English, for the log and the pool's "resting because …". */
    readonly reason: string,
    /** What the build reports if no other builder can take it. */
    readonly failure: AppError,
  ) {
    super(`${builderName}: ${reason}`);
    this.name = 'BuilderLost';
  }
}

const connectionCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENETUNREACH', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * Why the builder was lost, or null when the error is the build's own. `stopped` says whether
 * Slipway stopped the work itself (the user canceled, or another platform failed): a broken
 * connection then is expected, not a lost builder.
 */
export function lostReason(error: unknown, stopped: boolean): string | null {
  if (stopped) return null;
  if (error instanceof AppError) {
    if (error.phrase?.key === 'builds.errors.builderUnreachable') return 'the builder could not be reached';
    // The engine's response ended without anyone canceling: the connection broke under it.
    if (error.code === 'canceled') return 'the connection to the builder broke mid-build';
    return null;
  }
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && connectionCodes.has(e.code)) return `the connection to the builder failed (${e.code})`;
  if (typeof e?.message === 'string' && /socket hang up|socket closed|premature close/i.test(e.message)) return 'the connection to the builder broke mid-build';
  return null;
}

/** What the build says when the lost builder was its last chance: the engine's own words when it refused, else that it was lost. */
export function lostFailure(error: unknown, builderName: string): AppError {
  if (error instanceof AppError && error.code !== 'canceled') return error;
  return new AppError('unavailable', phrase('builds.errors.builderLost', { builder: quote(builderName) }), phrase('builds.errors.builderLostHint'));
}
