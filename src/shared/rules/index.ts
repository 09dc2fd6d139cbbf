export { compilePattern, describePattern, patternPhrase, type CompiledPattern, type RefMatch, type RefName } from './pattern';
export { canBuildManually, renderTags, type RenderContext, type RenderResult } from './render';
export { maxBuildArgs, maxTags, validateRule } from './validate';
export { planPush, type Collision, type PushedRef, type PushPlan, type RefPlan, type RuleOutcome } from './plan';
export { dockerTagProblem, gitRefNameProblem } from './names';
export { formatTime, isValidTimeZone } from './time-format';
export { ruleProblem, type RuleProblem } from './problems';
export { globProblem, globToRegExp, hasPathFilters, pathVerdict, type PathVerdict } from './paths';
