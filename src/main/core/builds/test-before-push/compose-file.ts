import type * as Yaml from 'yaml';
import { lazyModule } from '../../lazy-module';
import { AppError, quote } from '../../../../shared/errors';
import { interpolate, splitWords } from './compose-values';

const yaml = lazyModule<typeof Yaml>('yaml');

/** Docker Hub's name for it, read beside the Dockerfile (Docker Hub's documented place), else in the build context. */
export const composeTestFile = 'docker-compose.test.yml';

/** What the `sut` service asks for, in the one shape Slipway runs: one container, no companions. */
export interface SutService {
  /** `image`: the image under test. `build`: built from the repository first. */
  readonly from: { readonly kind: 'image' } | { readonly kind: 'build'; readonly contextDir: string; readonly dockerfile: string; readonly target?: string; readonly args: Readonly<Record<string, string>> };
  /** Replaces the image's CMD when given (compose's `command`). */
  readonly command?: readonly string[];
  /** Replaces the image's ENTRYPOINT when given (compose's `entrypoint`). */
  readonly entrypoint?: readonly string[];
  /** Added to the build environment, winning over it. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface ComposeContext {
  /** The file's path from the repository root, for messages. */
  readonly path: string;
  /** The folder holding the file, from the repository root ('' is the root): compose's paths start there. */
  readonly dir: string;
  /** Variables `${NAME}` may name: the build environment, as Docker Hub sets it. */
  readonly env: Readonly<Record<string, string>>;
  /** Every name the image under test answers to (registry/ns/name:tag). */
  readonly imageNames: readonly string[];
}

/**
 * Finds the rule's docker-compose.test.yml: beside the Dockerfile, where Docker Hub documents it,
 * else in the build context (the same folder unless the Dockerfile is in a subfolder).
 */
export async function locateComposeTest(contextDir: string, dockerfile: string, readFile: (path: string) => Promise<Buffer | null>): Promise<{ dir: string; path: string; text: string }> {
  const dirs = [...new Set([parentDir(joinRepo(contextDir, dockerfile)), contextDir])];
  for (const dir of dirs) {
    const path = joinRepo(dir, composeTestFile);
    const text = await readFile(path);
    if (text !== null) return { dir, path, text: text.toString('utf8') };
  }
  const looked = dirs.map((d) => quote(joinRepo(d, composeTestFile))).join(' or ');
  throw new AppError('not_found', `The rule tests with ${composeTestFile}, but the commit has no ${looked}.`, `Add ${composeTestFile} with a sut service next to the Dockerfile, or choose another test.`);
}

const topLevelKeys = new Set(['version', 'name', 'services']);
const sutKeys = new Set(['build', 'image', 'command', 'entrypoint', 'environment']);
const buildKeys = new Set(['context', 'dockerfile', 'target', 'args']);

/**
 * Reads the simple case of Docker Hub's docker-compose.test.yml: a `sut` service that uses the
 * image under test or builds from the repository, with a command. Anything that needs a running
 * compose project (other services it depends on, volumes, networks, ports) is refused by name:
 * running it half would pass tests that never ran as written.
 */
export function readComposeTest(text: string, ctx: ComposeContext): SutService {
  const fail = (message: string, hint = `Slipway runs the simple case: a sut service with build or image, command, entrypoint and environment. Simplify ${quote(ctx.path)}, or test with a command instead.`) =>
    new AppError('invalid_input', `${quote(ctx.path)}: ${message}`, hint);
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (error) {
    throw fail(`not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`, 'Fix the file’s YAML.');
  }
  if (!isMap(doc)) throw fail('not a compose file (its top level is not a mapping).', 'Fix the file: it needs a services: mapping with a sut service.');
  for (const key of Object.keys(doc)) {
    if (!topLevelKeys.has(key) && !key.startsWith('x-')) throw fail(`the top-level key ${quote(key)} is not supported.`);
  }
  const services = doc.services;
  if (!isMap(services) || !isMap(services.sut)) throw fail('there is no sut service.', 'Docker Hub runs the service named sut: add one, with the command that tests the image.');
  const sut = services.sut;
  for (const key of Object.keys(sut)) {
    if (!sutKeys.has(key) && !key.startsWith('x-')) throw fail(`the sut service’s key ${quote(key)} is not supported.`);
  }
  const value = (v: unknown, where: string): string => {
    if (typeof v === 'string') return interpolate(v, ctx.env, (m) => fail(`${where}: ${m}`));
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw fail(`${where} must be a string.`);
  };
  const words = (v: unknown, where: string): string[] => {
    if (typeof v === 'string') return splitWords(value(v, where), (m) => fail(`${where}: ${m}`));
    if (Array.isArray(v)) return v.map((item, i) => value(item, `${where}[${i}]`));
    throw fail(`${where} must be a string or a list of strings.`);
  };
  const pairs = (v: unknown, where: string): Record<string, string> => {
    const out: Record<string, string> = {};
    if (isMap(v)) {
      for (const [k, item] of Object.entries(v)) {
        // A name without a value takes it from the environment, as compose takes it from the shell's.
        const given = item === null ? ctx.env[k] : value(item, `${where}.${k}`);
        if (given !== undefined) out[k] = given;
      }
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        const entry = value(item, `${where}[${i}]`);
        const eq = entry.indexOf('=');
        const k = eq < 0 ? entry : entry.slice(0, eq);
        const given = eq < 0 ? ctx.env[k] : entry.slice(eq + 1);
        if (given !== undefined) out[k] = given;
      });
    } else throw fail(`${where} must be a mapping or a list of NAME=value.`);
    return out;
  };

  let from: SutService['from'];
  if (sut.build !== undefined) {
    // With build, compose's image only names the result: the build is what runs.
    const build = typeof sut.build === 'string' ? { context: sut.build } : sut.build;
    if (!isMap(build)) throw fail('the sut service’s build must be a path or a mapping.');
    for (const key of Object.keys(build)) {
      if (!buildKeys.has(key) && !key.startsWith('x-')) throw fail(`the sut service’s build key ${quote(key)} is not supported.`);
    }
    const context = build.context === undefined ? '.' : value(build.context, 'build.context');
    const contextDir = repoPath(ctx.dir, context);
    if (contextDir === null) throw fail(`the sut build context ${quote(context)} is not a folder inside the repository.`, 'Give a path relative to the compose file that stays inside the repository.');
    const dockerfile = build.dockerfile === undefined ? 'Dockerfile' : value(build.dockerfile, 'build.dockerfile');
    if (repoPath(contextDir, dockerfile) === null || dockerfile.startsWith('/')) throw fail(`the sut Dockerfile ${quote(dockerfile)} is not a file inside its build context.`, 'Give the Dockerfile relative to the build context.');
    const target = build.target === undefined ? undefined : value(build.target, 'build.target');
    const args = build.args === undefined ? {} : pairs(build.args, 'build.args');
    from = { kind: 'build', contextDir, dockerfile, ...(target ? { target } : {}), args };
  } else if (sut.image !== undefined) {
    const image = value(sut.image, 'image');
    if (!ctx.imageNames.some((name) => sameImage(name, image))) {
      throw fail(`the sut service uses the image ${quote(image)}, which is not the image this rule builds (${ctx.imageNames.map((n) => quote(n)).join(', ')}).`, 'Name the image under test as image: ${IMAGE_NAME}, or build the sut from the repository.');
    }
    from = { kind: 'image' };
  } else throw fail('the sut service has neither build nor image.', 'Add image: ${IMAGE_NAME} to test the built image, or build: . to build the sut from the repository.');

  return {
    from,
    ...(sut.command !== undefined && sut.command !== null ? { command: words(sut.command, 'command') } : {}),
    ...(sut.entrypoint !== undefined && sut.entrypoint !== null ? { entrypoint: words(sut.entrypoint, 'entrypoint') } : {}),
    environment: sut.environment === undefined || sut.environment === null ? {} : pairs(sut.environment, 'environment'),
  };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `base` joined with a relative `path`, normalized; null when it leaves the repository or is absolute. */
function repoPath(base: string, path: string): string | null {
  if (path.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(path)) return null;
  const parts = base === '' ? [] : base.split('/');
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** Compose's `image: name` means name:latest. */
function sameImage(a: string, b: string): boolean {
  const full = (n: string) => (n.lastIndexOf(':') > n.lastIndexOf('/') || n.includes('@') ? n : `${n}:latest`);
  return full(a) === full(b);
}

/** Repository paths without leading or trailing slashes; '' is the root. */
function joinRepo(dir: string, path: string): string {
  return [dir, path].filter((p) => p !== '').join('/').replace(/\/{2,}/g, '/').replace(/^\/+|\/+$/g, '');
}

function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
