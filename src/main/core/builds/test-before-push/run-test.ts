import type Docker from 'dockerode';
import { AppError, quote } from '../../../../shared/errors';
import type { TestBeforePush } from '../../../../shared/models/rule';
import { locateComposeTest, readComposeTest } from './compose-file';
import { runTestContainer } from './container';
import type { StepList } from './test-steps';
import { phrase } from '../../../../shared/i18n/phrase';

/** The first part of every test step's name: what the hint of a failed test points at. */
export const testStepPrefix = 'Test before push';

export interface TestRun {
  readonly test: TestBeforePush;
  /** The built image, as the engine has it tagged. */
  readonly image: string;
  /** Every name the built image answers to, for a compose sut's `image:`. */
  readonly imageNames: readonly string[];
  /** Set when the rule builds several platforms: each platform's image is tested. */
  readonly platform: string | null;
  /** Which platform of the build (0 for a single one): keeps step ids and image names apart. */
  readonly index: number;
  readonly buildId: string;
  /** The build environment (build-env.ts), given to the test container as its environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The rule's build context from the repository root ('' for the root). */
  readonly contextDir: string;
  /** The rule's Dockerfile, relative to its build context. */
  readonly dockerfile: string;
  /** Builds an image for the test from the commit (a stage, or a sut's own build) and tags it. */
  readonly buildImage: (options: { contextDir: string; dockerfile?: string; target?: string; args?: Readonly<Record<string, string>>; tag: string }) => Promise<void>;
  /** A file of the commit, from the repository root. */
  readonly readFile: (path: string) => Promise<Buffer | null>;
}

/**
 * Runs the rule's test on the image just built, as its own step of the log. Resolves when the test
 * passed; throws AppError when it failed (or could not run), and then nothing may be pushed.
 */
export async function testBeforePush(docker: Docker, run: TestRun, steps: StepList, signal: AbortSignal): Promise<void> {
  const { test } = run;
  const suffix = run.platform ? ` (${run.platform})` : '';
  const localImage = (what: string) => `slipway-before-push/${run.buildId.toLowerCase().replace(/[^a-z0-9_.-]/g, '')}:${what}-${run.index}`;
  const shell = (command: string) => ({ entrypoint: ['/bin/sh', '-c'], cmd: [command] });
  const tempImages: string[] = [];
  let description: string;
  let container: { image: string; cmd?: readonly string[]; entrypoint?: readonly string[]; env: Readonly<Record<string, string>> };
  let step: ReturnType<StepList['start']> | undefined;

  try {
    if (test.kind === 'command') {
      description = test.command;
      step = steps.start(`slipway-test-${run.index}`, `${testStepPrefix}: ${description}${suffix}`, run.platform);
      container = { image: run.image, ...shell(test.command), env: run.env };
    } else if (test.kind === 'stage') {
      description = `stage ${test.stage}${test.command ? `: ${test.command}` : ''}`;
      step = steps.start(`slipway-test-${run.index}`, `${testStepPrefix}: ${description}${suffix}`, run.platform);
      const image = localImage('stage');
      tempImages.push(image);
      step.line(`Building the stage ${quote(test.stage)} …`);
      await run.buildImage({ contextDir: run.contextDir, target: test.stage, tag: image });
      container = { image, ...(test.command ? shell(test.command) : {}), env: run.env };
    } else {
      const { dir, path, text } = await locateComposeTest(run.contextDir, run.dockerfile, run.readFile);
      const sut = readComposeTest(text, { path, dir, env: run.env, imageNames: run.imageNames });
      description = `sut in ${path}${sut.command ? `: ${sut.command.join(' ')}` : ''}`;
      step = steps.start(`slipway-test-${run.index}`, `${testStepPrefix}: ${description}${suffix}`, run.platform);
      let image = run.image;
      if (sut.from.kind === 'build') {
        image = localImage('sut');
        tempImages.push(image);
        step.line(`Building the sut from ${quote(sut.from.contextDir || '/')} …`);
        await run.buildImage({ contextDir: sut.from.contextDir, dockerfile: sut.from.dockerfile, ...(sut.from.target ? { target: sut.from.target } : {}), args: sut.from.args, tag: image });
      }
      container = { image, ...(sut.command ? { cmd: sut.command } : {}), ...(sut.entrypoint ? { entrypoint: sut.entrypoint } : {}), env: { ...run.env, ...sut.environment } };
    }

    const lastLines: string[] = [];
    const started = performance.now();
    const open = step;
    const exitCode = await runTestContainer(docker, { ...container, buildId: run.buildId }, (text) => {
      open.line(text);
      lastLines.push(text);
      if (lastLines.length > 5) lastLines.shift();
    }, signal);
    const took = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    if (exitCode !== 0) {
      step.line(`The test exited with ${exitCode} (${took}): nothing is pushed.`);
      step.end(`exited with ${exitCode}`);
      const hint = lastLines.length > 0 ? phrase('builds.test.failedHintLines', { step: testStepPrefix, lines: lastLines.join('\n') }) : phrase('builds.test.failedHint', { step: testStepPrefix });
      throw new AppError('remote_error', phrase('builds.test.failed', { test: quote(description), suffix, code: exitCode }), hint);
    }
    step.line(`The test passed (${took}).`);
    step.end(null);
  } catch (error) {
    // A stage or sut that failed to build fails the test step too; a cancel leaves it open (read as canceled).
    if (!(error instanceof AppError && error.code === 'canceled')) step?.end(error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    for (const image of tempImages) await docker.getImage(image).remove({ noprune: false }).catch(() => undefined);
  }
}

