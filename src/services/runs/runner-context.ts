// What the parts of a run (step execution, guard pauses) share with the RunbookRunner that
// drives them: the plan and deps, the state, journaling, questions, masking and expansion.
import type { Plan } from '../../domain/runbook/plan.js';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import type { RunState } from '../../domain/runbook/run-state.js';
import type { RunnerDeps } from './runner-deps.js';
import type { RunQuestions } from './run-questions.js';
import type { StepExpander } from './step-expander.js';
import type { Mask } from './run-masking.js';

export interface RunnerContext {
  readonly plan: Plan;
  readonly deps: RunnerDeps;
  readonly questions: RunQuestions;
  readonly expander: StepExpander;
  readonly mask: Mask;
  now(): number;
  state(): RunState;
  /** Folds, journals and publishes an event; resolves once it is on disk. */
  emit(event: RunEvent): Promise<void>;
  /** Whether a stop was requested (nothing new starts). */
  stopping(): boolean;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
