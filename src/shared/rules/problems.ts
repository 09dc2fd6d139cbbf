/** One reason a rule cannot be saved or rendered, tied to the field the user must change. */
export interface RuleProblem {
  /** A path into the rule: 'source', 'tags[1].template', 'buildArgs[3].key'. */
  readonly field: string;
  readonly message: string;
}
