import type { RuleSpec } from '../models/rule';
import { buildArgKeyPattern, gitRefNameProblem, platformPattern } from './names';
import { compilePattern } from './pattern';
import { globProblem } from './paths';
import type { RuleProblem } from './problems';
import { builtinPlaceholders, templateLiteral, templateRefs } from './template';
import { isValidTimeZone, timeFormatProblem } from './time-format';

export const maxTags = 3;
export const maxBuildArgs = 20;

/** Every reason a rule cannot be saved, each with the field to fix. Empty means valid. */
export function validateRule(spec: RuleSpec): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const what = spec.type === 'branch' ? 'branch' : 'tag';

  let groupNames: readonly string[] = [];
  let groupCount = 0;
  if (spec.source.trim() === '') add('source', `Enter a ${what} name or a regular expression.`);
  else if (spec.isRegex) {
    const compiled = compilePattern(spec);
    if (!compiled.ok) add('source', compiled.message);
    else ({ groupNames, groupCount } = compiled);
  } else {
    const problem = gitRefNameProblem(spec.source);
    if (problem) add('source', `“${spec.source}” is not a valid ${what} name: it ${problem}.`);
  }

  const context = normalizePath(spec.contextDir);
  if (context.split('/').includes('..')) add('contextDir', 'The build context must stay inside the repository (no “..”).');
  if (spec.dockerfile.trim() === '') add('dockerfile', 'Enter the Dockerfile name, usually Dockerfile.');
  else if (normalizePath(spec.dockerfile).split('/').includes('..')) add('dockerfile', 'The Dockerfile must be inside the build context (no “..”).');

  if (spec.tags.length === 0) add('tags', 'Add at least one image tag.');
  if (spec.tags.length > maxTags) add('tags', `A rule has at most ${maxTags} image tags; this one has ${spec.tags.length}.`);
  const seenTemplates = new Set<string>();
  spec.tags.forEach((tag, i) => {
    const field = `tags[${i}]`;
    const refs = templateRefs(tag.template);
    if (tag.template.trim() === '') add(`${field}.template`, 'Enter a tag, like latest or ${imageTag}.');
    for (const bad of refs.malformed) add(`${field}.template`, `${bad} is not a placeholder: use \${name} for a named group or \${1} for a numbered one.`);
    for (const name of refs.names) {
      if (!groupNames.includes(name) && !(builtinPlaceholders as readonly string[]).includes(name)) {
        add(`${field}.template`, groupNames.length > 0 ? `Unknown group \${${name}}: the pattern defines ${groupNames.join(', ')}.` : `Unknown group \${${name}}: the ${spec.isRegex ? 'pattern has no named groups' : 'name is not a regular expression, so it captures nothing'}.`);
      }
    }
    for (const n of refs.numbers) {
      if (n < 1 || n > groupCount) add(`${field}.template`, groupCount > 0 ? `Unknown group \${${n}}: the pattern has ${groupCount} numbered group${groupCount === 1 ? '' : 's'}.` : `Unknown group \${${n}}: the pattern captures nothing.`);
    }
    const literal = templateLiteral(tag.template);
    const bad = /[^A-Za-z0-9_.-]/.exec(literal);
    if (bad) add(`${field}.template`, `“${bad[0]}” cannot appear in a Docker tag (letters, digits, _ . - only).`);
    const placeholderFree = refs.names.length + refs.numbers.length === 0;
    if (placeholderFree && tag.template !== '' && !tag.buildTime && tag.commitIdLength === undefined && /^[.-]/.test(tag.template)) {
      add(`${field}.template`, 'A Docker tag must start with a letter, digit or _.');
    }
    if (literal.length > 128) add(`${field}.template`, 'The tag is longer than the 128 characters a tag may hold.');
    if (tag.buildTime) {
      const formatProblem = timeFormatProblem(tag.buildTime.format);
      if (formatProblem) add(`${field}.buildTime.format`, formatProblem);
      if (!isValidTimeZone(tag.buildTime.timeZone)) add(`${field}.buildTime.timeZone`, `“${tag.buildTime.timeZone}” is not a time zone (use an IANA name like UTC or Asia/Shanghai).`);
    }
    if (tag.commitIdLength !== undefined && (!Number.isInteger(tag.commitIdLength) || tag.commitIdLength < 1 || tag.commitIdLength > 40)) {
      add(`${field}.commitIdLength`, 'The commit id prefix is 1 to 40 characters long.');
    }
    const identity = JSON.stringify([tag.template, tag.buildTime ?? null, tag.commitIdLength ?? null]);
    if (seenTemplates.has(identity)) add(`${field}.template`, 'This tag is the same as an earlier one in this rule.');
    seenTemplates.add(identity);
  });

  if (spec.architectures.length === 0) add('architectures', 'Choose at least one architecture.');
  const seenPlatforms = new Set<string>();
  spec.architectures.forEach((platform, i) => {
    if (!platformPattern.test(platform)) add(`architectures[${i}]`, `“${platform}” is not a platform (os/arch or os/arch/variant, like linux/arm64).`);
    if (seenPlatforms.has(platform)) add(`architectures[${i}]`, `${platform} is listed twice.`);
    seenPlatforms.add(platform);
  });

  if (spec.buildArgs.length > maxBuildArgs) add('buildArgs', `A rule has at most ${maxBuildArgs} build parameters; this one has ${spec.buildArgs.length}.`);
  const seenKeys = new Set<string>();
  spec.buildArgs.forEach((arg, i) => {
    if (!buildArgKeyPattern.test(arg.key)) add(`buildArgs[${i}].key`, `“${arg.key}” is not a parameter name (letters, digits and _, not starting with a digit).`);
    // Case-sensitive, as Docker build args are: FOO and foo are two parameters.
    if (seenKeys.has(arg.key)) add(`buildArgs[${i}].key`, `${arg.key} is set twice.`);
    seenKeys.add(arg.key);
  });
  for (const field of ['includedPaths', 'ignoredPaths'] as const) {
    (spec[field] ?? []).forEach((glob, i) => {
      const problem = globProblem(glob);
      if (problem) add(`${field}[${i}]`, `The path pattern “${glob}” ${problem}.`);
    });
  }
  if (spec.test?.kind === 'command' && spec.test.command.trim() === '') add('test.command', 'Enter the command to run in the built image, like ./run-tests.sh.');
  if (spec.test?.kind === 'stage' && !stageNamePattern.test(spec.test.stage)) add('test.stage', `“${spec.test.stage}” is not a Dockerfile stage name (the name after FROM … AS: letters, digits, - _ .).`);
  return problems;
}

/** The names `FROM … AS name` accepts (BuildKit lowercases them; a leading letter). */
const stageNamePattern = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}
