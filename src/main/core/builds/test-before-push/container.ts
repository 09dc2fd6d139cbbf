import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { AppError } from '../../../../shared/errors';
import { engineError } from '../engine-api';
import { phrase } from '../../../../shared/i18n/phrase';

export interface TestContainerSpec {
  readonly image: string;
  /** Replaces the image's CMD; the image's own when absent. */
  readonly cmd?: readonly string[];
  /** Replaces the image's ENTRYPOINT; the image's own when absent. */
  readonly entrypoint?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Lets a leftover be found (`docker ps -a --filter label=…`) if Slipway dies mid-test. */
  readonly buildId: string;
}

/**
 * Runs one test container to its end and returns its exit code, each output line handed to
 * `line` as it arrives. The container is removed afterwards whatever happened; an abort removes
 * it at once (a forced remove kills it), so a canceled build stops its test within a moment.
 */
export async function runTestContainer(docker: Docker, spec: TestContainerSpec, line: (text: string) => void, signal: AbortSignal): Promise<number> {
  if (signal.aborted) throw canceled();
  const container = await docker
    .createContainer({
      Image: spec.image,
      ...(spec.cmd ? { Cmd: [...spec.cmd] } : {}),
      ...(spec.entrypoint ? { Entrypoint: [...spec.entrypoint] } : {}),
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      Labels: { 'io.slipway.test-before-push': spec.buildId },
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    })
    .catch((error: unknown) => {
      throw engineError(error, 'test container');
    });
  let removing: Promise<unknown> | undefined;
  const remove = () => (removing ??= container.remove({ force: true }).catch(() => undefined));
  signal.addEventListener('abort', remove, { once: true });
  const out = lineWriter(line);
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    // Output and errors in one log, in the order they came, as a terminal shows them.
    docker.modem.demuxStream(stream, out.stream, out.stream);
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    await container.start();
    const result = (await container.wait()) as { StatusCode?: number };
    // The last output can trail the exit: wait for the stream's end, briefly.
    await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
    out.flush();
    if (signal.aborted) throw canceled();
    return typeof result.StatusCode === 'number' ? result.StatusCode : -1;
  } catch (error) {
    throw signal.aborted ? canceled() : engineError(error, 'test container');
  } finally {
    signal.removeEventListener('abort', remove);
    await remove();
  }
}

/** A test Slipway did not see to its end (it stopped mid-test): its container, if any, goes. */
export async function removeTestContainers(docker: Docker, buildId: string): Promise<void> {
  const found = await docker.listContainers({ all: true, filters: { label: [`io.slipway.test-before-push=${buildId}`] } }).catch(() => []);
  await Promise.all(found.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}

function canceled(): AppError {
  return new AppError('canceled', phrase('builds.errors.canceledBuild'));
}

/** Bytes in, whole lines out; `flush` hands over a last line without a newline. */
function lineWriter(line: (text: string) => void): { stream: Writable; flush(): void } {
  let rest = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const parts = (rest + chunk.toString('utf8')).split(/\r?\n/);
      rest = parts.pop() ?? '';
      for (const part of parts) line(part);
      done();
    },
  });
  return {
    stream,
    flush() {
      if (rest) line(rest);
      rest = '';
    },
  };
}
