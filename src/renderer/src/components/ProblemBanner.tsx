import { useApp } from '../app/context';
import { InlineProblem } from './InlineProblem';

export function ProblemBanner() {
  const problem = useApp((s) => s.problem);
  const dismiss = useApp((s) => s.dismissProblem);
  return problem ? <InlineProblem problem={problem} onDismiss={dismiss} /> : null;
}
