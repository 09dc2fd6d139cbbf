import type Docker from 'dockerode';
import { AppError } from '../../../shared/errors';
import type { BuildStep } from '../../../shared/models/build';
import type { CodeRepositoryRef } from '../../../shared/models/code-repo';
import { privateBaseFailure, refuseWithoutSession, startClassicBuild } from './classic-build';
import { ClassicTrace } from './classic-trace';
import { startWithContext, type ContextChoice, type StartedBuild } from './context-transport';
import { cancelEngineBuild, engineError, type EngineBuildRequest } from './engine-api';
import { engineFlavour, type EngineFlavour } from './engine-flavour';
import type { LogSink } from './log-sink';
import type { BuildSourcePort, BuildTraceLike, TraceFailure, TracePort } from './ports';
import type { TraceLabels } from './trace';
import { phrase } from '../../../shared/i18n/phrase';

export interface EngineBuildInput {
  readonly docker: Docker;
  readonly source: BuildSourcePort;
  readonly where: { repo: CodeRepositoryRef; commit: string; contextDir: string; dockerfile: string };
  readonly choice: ContextChoice;
  readonly request: Omit<EngineBuildRequest, 'context' | 'dockerfile' | 'remote'>;
  readonly sink: LogSink;
  readonly trace: TracePort;
  /** The platform in each step's name (a build of several platforms) and the build's shared `#n`. */
  readonly traceLabels?: TraceLabels;
  /** The trace's steps whenever they change; left out, the steps are not shown (a test's own build). */
  readonly onSteps?: (steps: readonly BuildStep[]) => void;
  /** The engine's flavour when the caller knows it (the pool probes builders); asked of the engine otherwise. */
  readonly flavour?: EngineFlavour;
}

/**
 * One build on the engine, its progress decoded into the log as it streams: BuildKit's trace on
 * Docker, buildah's message stream on Podman (no session there: the context goes as a tar, and
 * what needs a session is refused first). Throws AppError with the failed step; an abort cancels
 * the engine's build, not just the request.
 */
export async function buildOnEngine(input: EngineBuildInput): Promise<void> {
  const { docker, request, sink, onSteps } = input;
  const signal = request.signal;
  const flavour = input.flavour ?? (await engineFlavour(docker));
  const classic = flavour === 'podman';
  if (classic) refuseWithoutSession(request.secretArgs ?? []);
  const onAbort = () => void cancelEngineBuild(docker, request.buildId);
  // Podman has no /build/cancel: closing the request (its abortSignal) is how it is told to stop.
  if (!classic) signal.addEventListener('abort', onAbort, { once: true });
  try {
    const started: StartedBuild = classic
      ? await startClassicBuild(docker, input.source, input.where, request)
      : await startWithContext(docker, input.source, input.where, input.choice, request, sink);
    const response = started.response;
    const trace: BuildTraceLike = classic ? new ClassicTrace() : input.trace.create(input.traceLabels);
    await new Promise<void>((resolve, reject) => {
      response.on('data', (chunk: Buffer) => {
        const update = trace.write(chunk);
        sink.write(update.lines);
        if (update.steps) onSteps?.(update.steps);
      });
      response.on('end', resolve);
      response.on('error', reject);
      response.on('aborted', () => reject(new AppError('canceled', phrase('builds.errors.canceledBuild'))));
    }).catch((error: unknown) => {
      throw signal.aborted ? new AppError('canceled', phrase('builds.errors.canceledBuild')) : engineError(error, 'build');
    });
    const last = trace.end();
    sink.write(last.lines);
    sink.line(started.sent());
    if (last.steps) onSteps?.(last.steps);
    if (signal.aborted) throw new AppError('canceled', phrase('builds.errors.canceledBuild'));
    if (trace.failure) throw (classic ? privateBaseFailure(trace.failure) : null) ?? buildFailure(trace.failure);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function buildFailure(failure: TraceFailure): AppError {
  if (/failed to read dockerfile|dockerfile: no such file|Cannot locate specified Dockerfile/i.test(failure.message)) {
    return new AppError('not_found', phrase('builds.engine.noDockerfile', { detail: failure.message }), phrase('builds.engine.noDockerfileHint'));
  }
  if (failure.step) {
    const tail = failure.lastLines.slice(-5).join('\n');
    const failed = phrase('builds.engine.stepFailed', { step: failure.step.name, hasCode: failure.exitCode !== null ? 'yes' : 'no', code: failure.exitCode ?? '' });
    return new AppError('remote_error', failed, tail ? phrase('builds.engine.lastLines', { lines: tail }) : phrase('builds.engine.seeStepLog'));
  }
  return new AppError('remote_error', failure.message, phrase('builds.engine.seeLog'));
}
