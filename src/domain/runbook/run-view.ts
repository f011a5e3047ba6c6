// What a console shows of a run, folded event by event from the journal stream (the same events
// an attached console receives over the runner's socket), so the view never needs the Plan
// object: the run-started event carries the plan as the operator saw it. Output lines are not
// kept here (the store holds them in a bounded buffer); this stays small and pure.
import type { PlannedStepSummary, RunEvent, RunOutcome, StepOutcome, StepPhase } from './run-events.js';

export type ViewStepStatus = 'pending' | 'running' | 'skipped' | 'interrupted' | StepOutcome;

export interface ViewStep {
  plan: PlannedStepSummary;
  status: ViewStepStatus;
  attempts: number;
  /** When the current attempt (or its rollback) started. */
  startedAt?: number;
  durationMs?: number;
  exitCode?: number;
  error?: string;
  /** The command as it ran (captures filled in), else the planned one. */
  command: string;
  /** `command`: the rollback's own, as it ran (shown while it runs, not the step's). */
  rollback?: { status: 'running' | StepOutcome; durationMs?: number; command?: string };
  skipReason?: string;
  /** A dry run's account of the step: "NOT simulated (would run: …)" or "simulated: …". */
  dryRun?: string;
}

export interface RunView {
  runId: string;
  runbook: string;
  title: string;
  environment: string;
  protected: boolean;
  dryRun: boolean;
  changeRef?: string;
  startedAt: number;
  steps: ViewStep[];
  /** The step running now (main or rollback), if any. */
  current?: { stepId: string; phase: StepPhase; startedAt: number };
  rollingBack: boolean;
  notes: string[];
  outcome?: RunOutcome;
  rolledBack?: boolean;
  message?: string;
  finishedAt?: number;
  durationMs?: number;
}

const MAX_NOTES = 20;

/** Folds one event; returns the same object when nothing visible changed (output lines). */
export function foldRunView(view: RunView | undefined, e: RunEvent): RunView | undefined {
  if (e.type === 'run-started') {
    return {
      runId: e.runId, runbook: e.runbook, title: e.title, environment: e.environment, protected: e.protected, dryRun: e.dryRun,
      changeRef: e.changeRef, startedAt: e.at, rollingBack: false, notes: [],
      steps: e.plan.map((p) => ({ plan: p, status: 'pending', attempts: 0, command: p.command })),
    };
  }
  if (!view || e.type === 'step-output' || e.type === 'confirmation-requested') return view;
  const v: RunView = { ...view };
  const patch = (id: string, f: (s: ViewStep) => ViewStep) => {
    v.steps = v.steps.map((s) => (s.plan.id === id ? f(s) : s));
  };
  switch (e.type) {
    case 'step-started':
      v.current = { stepId: e.stepId, phase: e.phase, startedAt: e.at };
      patch(e.stepId, (s) =>
        e.phase === 'rollback'
          ? { ...s, rollback: { status: 'running', ...(e.command ? { command: e.command } : {}) } }
          : { ...s, status: 'running', attempts: e.attempt, startedAt: e.at, command: e.command || s.command, error: undefined, exitCode: undefined },
      );
      break;
    case 'step-finished':
      if (v.current?.stepId === e.stepId) v.current = undefined;
      patch(e.stepId, (s) =>
        e.phase === 'rollback'
          ? { ...s, rollback: { ...s.rollback, status: e.outcome, durationMs: e.durationMs } }
          : { ...s, status: e.outcome, durationMs: e.durationMs, exitCode: e.exitCode, error: e.error, ...(e.outcome === 'dry-run' ? { dryRun: e.tail.join('; ') } : {}) },
      );
      break;
    case 'step-skipped':
      patch(e.stepId, (s) => ({ ...s, status: 'skipped', skipReason: e.reason === 'when' ? e.detail ?? 'not in this environment' : e.reason }));
      break;
    case 'confirmation-answered':
      if ((e.purpose === 'step' || e.purpose === 'manual') && e.choice === 'skip' && e.stepId) patch(e.stepId, (s) => ({ ...s, status: 'skipped', skipReason: 'operator' }));
      if (e.purpose === 'interrupted' && e.stepId && e.choice === 'mark-done') patch(e.stepId, (s) => ({ ...s, status: 'marked-done' }));
      break;
    case 'rollback-started':
      v.rollingBack = true;
      break;
    case 'run-resumed':
      if (e.interruptedStepId) patch(e.interruptedStepId, (s) => (s.status === 'running' ? { ...s, status: 'interrupted' } : s));
      v.current = undefined;
      break;
    case 'note':
      v.notes = [...v.notes, e.message].slice(-MAX_NOTES);
      break;
    case 'run-finished':
      Object.assign(v, { outcome: e.outcome, rolledBack: e.rolledBack, message: e.message, finishedAt: e.at, durationMs: e.durationMs, current: undefined });
      break;
    default:
      return view;
  }
  return v;
}

/** Index of the step to focus: the running one, else the first not yet settled, else the last. */
export function focusIndex(v: RunView): number {
  if (v.current) return Math.max(0, v.steps.findIndex((s) => s.plan.id === v.current!.stepId));
  const i = v.steps.findIndex((s) => s.status === 'pending' || s.status === 'interrupted');
  return i >= 0 ? i : Math.max(0, v.steps.length - 1);
}
