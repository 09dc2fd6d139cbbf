import { phrase, type Phrase } from '../i18n/phrase';
import type { RuleSpec } from '../models/rule';
import { buildArgKeyPattern, gitRefNameProblem, platformPattern } from './names';
import { compilePattern } from './pattern';
import { globProblem } from './paths';
import { ruleProblem, type RuleProblem } from './problems';
import { builtinPlaceholders, templateLiteral, templateRefs } from './template';
import { isValidTimeZone, timeFormatProblem } from './time-format';
import { quote } from '../errors';

export const maxTags = 3;
export const maxBuildArgs = 20;

/** Every reason a rule cannot be saved, each with the field to fix. Empty means valid. */
export function validateRule(spec: RuleSpec): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const add = (field: string, sentence: Phrase) => problems.push(ruleProblem(field, sentence));
  const what = spec.type;

  let groupNames: readonly string[] = [];
  let groupCount = 0;
  if (spec.source.trim() === '') add('source', phrase('rules.problem.sourceEmpty', { what }));
  else if (spec.isRegex) {
    const compiled = compilePattern(spec);
    if (!compiled.ok) add('source', compiled.phrase);
    else ({ groupNames, groupCount } = compiled);
  } else {
    const problem = gitRefNameProblem(spec.source);
    if (problem) add('source', phrase('rules.problem.badRefName', { what, name: spec.source, problem }));
  }

  const context = normalizePath(spec.contextDir);
  if (context.split('/').includes('..')) add('contextDir', phrase('rules.problem.contextOutside'));
  if (spec.dockerfile.trim() === '') add('dockerfile', phrase('rules.problem.dockerfileEmpty'));
  else if (normalizePath(spec.dockerfile).split('/').includes('..')) add('dockerfile', phrase('rules.problem.dockerfileOutside'));

  if (spec.tags.length === 0) add('tags', phrase('rules.problem.noTags'));
  if (spec.tags.length > maxTags) add('tags', phrase('rules.problem.tooManyTags', { max: maxTags, count: spec.tags.length }));
  const seenTemplates = new Set<string>();
  spec.tags.forEach((tag, i) => {
    const field = `tags[${i}]`;
    const refs = templateRefs(tag.template);
    if (tag.template.trim() === '') add(`${field}.template`, phrase('rules.problem.tagEmpty', { example: '${imageTag}' }));
    for (const bad of refs.malformed) add(`${field}.template`, phrase('rules.problem.malformedPlaceholder', { text: bad, named: '${name}', numbered: '${1}' }));
    for (const name of refs.names) {
      if (!groupNames.includes(name) && !(builtinPlaceholders as readonly string[]).includes(name)) {
        const placeholder = `\${${name}}`;
        add(`${field}.template`, groupNames.length > 0 ? phrase('rules.problem.unknownNamedGroup', { placeholder, names: groupNames.join(', ') }) : phrase('rules.problem.noNamedGroups', { placeholder, regex: spec.isRegex ? 'yes' : 'no' }));
      }
    }
    for (const n of refs.numbers) {
      const placeholder = `\${${n}}`;
      if (n < 1 || n > groupCount) add(`${field}.template`, groupCount > 0 ? phrase('rules.problem.unknownNumberedGroup', { placeholder, count: groupCount }) : phrase('rules.problem.capturesNothing', { placeholder }));
    }
    const literal = templateLiteral(tag.template);
    const bad = /[^A-Za-z0-9_.-]/.exec(literal);
    if (bad) add(`${field}.template`, phrase('rules.problem.tagBadChar', { char: bad[0] }));
    const placeholderFree = refs.names.length + refs.numbers.length === 0;
    if (placeholderFree && tag.template !== '' && !tag.buildTime && tag.commitIdLength === undefined && /^[.-]/.test(tag.template)) {
      add(`${field}.template`, phrase('rules.problem.tagBadStart'));
    }
    if (literal.length > 128) add(`${field}.template`, phrase('rules.problem.tagTooLong'));
    if (tag.buildTime) {
      const formatProblem = timeFormatProblem(tag.buildTime.format);
      if (formatProblem) add(`${field}.buildTime.format`, formatProblem);
      if (!isValidTimeZone(tag.buildTime.timeZone)) add(`${field}.buildTime.timeZone`, phrase('rules.problem.timeZone', { zone: tag.buildTime.timeZone }));
    }
    if (tag.commitIdLength !== undefined && (!Number.isInteger(tag.commitIdLength) || tag.commitIdLength < 1 || tag.commitIdLength > 40)) {
      add(`${field}.commitIdLength`, phrase('rules.problem.commitIdLength'));
    }
    const identity = JSON.stringify([tag.template, tag.buildTime ?? null, tag.commitIdLength ?? null]);
    if (seenTemplates.has(identity)) add(`${field}.template`, phrase('rules.problem.duplicateTag'));
    seenTemplates.add(identity);
  });

  if (spec.architectures.length === 0) add('architectures', phrase('rules.problem.noArchitecture'));
  const seenPlatforms = new Set<string>();
  spec.architectures.forEach((platform, i) => {
    if (!platformPattern.test(platform)) add(`architectures[${i}]`, phrase('rules.problem.badPlatform', { platform }));
    if (seenPlatforms.has(platform)) add(`architectures[${i}]`, phrase('rules.problem.platformTwice', { platform }));
    seenPlatforms.add(platform);
  });

  if (spec.buildArgs.length > maxBuildArgs) add('buildArgs', phrase('rules.problem.tooManyArgs', { max: maxBuildArgs, count: spec.buildArgs.length }));
  const seenKeys = new Set<string>();
  spec.buildArgs.forEach((arg, i) => {
    if (!buildArgKeyPattern.test(arg.key)) add(`buildArgs[${i}].key`, phrase('rules.problem.badArgKey', { key: arg.key }));
    // Case-sensitive, as Docker build args are: FOO and foo are two parameters.
    if (seenKeys.has(arg.key)) add(`buildArgs[${i}].key`, phrase('rules.problem.argTwice', { key: arg.key }));
    seenKeys.add(arg.key);
  });
  for (const field of ['includedPaths', 'ignoredPaths'] as const) {
    (spec[field] ?? []).forEach((glob, i) => {
      const problem = globProblem(glob);
      if (problem) add(`${field}[${i}]`, phrase('rules.problem.badGlob', { glob, problem }));
    });
  }
  if (spec.test?.kind === 'command' && spec.test.command.trim() === '') add('test.command', phrase('rules.problem.testCommandEmpty'));
  if (spec.test?.kind === 'stage' && !stageNamePattern.test(spec.test.stage)) add('test.stage', phrase('rules.problem.testStageName', { stage: quote(spec.test.stage) }));
  return problems;
}

/** The names `FROM … AS name` accepts (BuildKit lowercases them; a leading letter). */
const stageNamePattern = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}
