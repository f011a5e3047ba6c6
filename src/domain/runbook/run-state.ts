// The run state machine: `reduceRun(state, event)` folds journal events into state, and
// `nextAction(state)` says what the runner must do next. The runner only executes actions and
// appends the resulting events, so replaying a journal rebuilds the same state (resume).
import { stepChangesThings, type Plan, type PlannedStep } from './plan.js';
import type { RunEvent, RunOutcome, StepOutcome } from './run-events.js';

export type StepStatus = 'pending' | 'running' | 'interrupted' | 'skipped' | StepOutcome;

export interface StepRecord {
  id: string;
  status: StepStatus;
  /** Attempts made so far (1 = first run). */
  attempts: number;
  /** Attempts already used when the operator last chose "retry" (retries count again from there). */
  retryBase: number;
  confirmed: boolean;
  exitCode?: number;
  durationMs?: number;
  tail: string[];
  error?: string;
  /** Failed, but `continue_on_error` (or the operator's "skip") let the run go on. */
  continued?: boolean;
  rollback?: { status: 'running' | StepOutcome; exitCode?: number; durationMs?: number; error?: string };
}

export type RunPhase = 'planned' | 'main' | 'rollback' | 'finished';

export interface RunState {
  plan: Plan;
  runId?: string;
  phase: RunPhase;
  /** Index into plan.steps of the next main step. */
  cursor: number;
  steps: Record<string, StepRecord>;
  /** Main steps in the order they completed successfully (rollback goes newest first). */
  completed: string[];
  /** Values captured so far (vars for later steps). */
  captured: Record<string, string>;
  /** A step failed (after retries) and awaits rollback / retry / skip / stop. */
  pendingFailure?: { stepId: string; outcome: StepOutcome };
  /**
   * The operator declined this step while completed steps have a rollback: the run asks
   * whether to roll them back (newest first) or stop with them done (stopReason says why).
   */
  pendingDecline?: string;
  failedStep?: string;
  aborted: boolean;
  stopReason?: string;
  rollbackQueue: string[];
  /**
   * The step the runner died in, aborted on resume: it had usually done its work, so when it
   * has a rollback it is rolled back first.
   */
  interruptedAborted?: string;
  rollbackIndex: number;
  rollbackFailed: string[];
  outcome?: RunOutcome;
  message?: string;
  startedAt?: number;
  finishedAt?: number;
}

export function initialRunState(plan: Plan): RunState {
  const steps: Record<string, StepRecord> = {};
  for (const s of plan.steps) steps[s.step.id] = { id: s.step.id, status: 'pending', attempts: 0, retryBase: 0, confirmed: false, tail: [] };
  return { plan, phase: 'planned', cursor: 0, steps, completed: [], captured: {}, aborted: false, rollbackQueue: [], rollbackIndex: 0, rollbackFailed: [] };
}

/** Rebuilds the state from a journal. */
export function replay(plan: Plan, events: readonly RunEvent[]): RunState {
  return events.reduce(reduceRun, initialRunState(plan));
}

const DONE: readonly StepStatus[] = ['succeeded', 'marked-done'];

export function reduceRun(state: RunState, e: RunEvent): RunState {
  const s: RunState = { ...state, steps: { ...state.steps } };
  const rec = (id: string): StepRecord | undefined => (s.steps[id] ? (s.steps[id] = { ...s.steps[id]! }) : undefined);
  const advanceFrom = (id: string): void => {
    const idx = s.plan.steps.findIndex((p) => p.step.id === id);
    if (idx >= s.cursor) s.cursor = idx + 1;
  };
  switch (e.type) {
    case 'run-started':
      s.runId = e.runId;
      s.phase = 'main';
      s.startedAt = e.at;
      return s;
    case 'step-skipped': {
      const r = rec(e.stepId);
      if (r) r.status = 'skipped';
      advanceFrom(e.stepId);
      return s;
    }
    case 'confirmation-answered': {
      const r = e.stepId ? rec(e.stepId) : undefined;
      if (e.purpose === 'step' || e.purpose === 'manual') {
        if (e.choice === 'yes' && r) r.confirmed = true;
        else if (e.choice === 'skip' && r) {
          r.status = 'skipped';
          advanceFrom(r.id);
        } else if (e.choice !== 'yes') {
          s.stopReason = `${e.purpose === 'manual' ? 'manual step' : 'confirmation'} ${e.stepId ?? ''} declined`.replace('  ', ' ');
          if (r && !s.plan.dryRun && rollbackOrder(s).length > 0) s.pendingDecline = r.id;
        }
      } else if (e.purpose === 'abort' && (e.choice === 'abort' || e.choice === 'yes')) s.aborted = true;
      else if (e.purpose === 'interrupted' && r) {
        if (e.choice === 'rerun') r.status = 'pending';
        else if (e.choice === 'mark-done') {
          r.status = 'marked-done';
          s.completed = [...s.completed, r.id];
          advanceFrom(r.id);
        } else if (e.choice === 'abort') {
          s.aborted = true;
          r.status = 'aborted';
          s.interruptedAborted = r.id;
          s.pendingFailure = { stepId: r.id, outcome: 'aborted' };
        }
      } else if (e.purpose === 'guard' && (e.choice === 'stop' || e.choice === 'abort')) s.stopReason = 'stopped after a guarded service regressed';
      return s;
    }
    case 'step-started': {
      const r = rec(e.stepId);
      if (!r) return s;
      if (e.phase === 'rollback') r.rollback = { status: 'running' };
      else {
        r.status = 'running';
        r.attempts = e.attempt;
      }
      return s;
    }
    case 'step-finished': {
      const r = rec(e.stepId);
      if (!r) return s;
      if (e.phase === 'rollback') {
        r.rollback = { status: e.outcome, exitCode: e.exitCode, durationMs: e.durationMs, error: e.error };
        if (!DONE.includes(e.outcome)) s.rollbackFailed = [...s.rollbackFailed, e.stepId];
        s.rollbackIndex++;
        return s;
      }
      Object.assign(r, { status: e.outcome, exitCode: e.exitCode, durationMs: e.durationMs, tail: e.tail, error: e.error, attempts: e.attempt });
      if (e.outcome === 'succeeded' || e.outcome === 'marked-done' || e.outcome === 'dry-run') {
        if (e.captured) s.captured = { ...s.captured, [e.captured.name]: e.captured.value };
        if (e.outcome !== 'dry-run') s.completed = [...s.completed, r.id];
        advanceFrom(r.id);
        return s;
      }
      const step = stepOf(s, r.id);
      if (e.outcome !== 'aborted' && !s.aborted && step && r.attempts - r.retryBase <= step.step.retries) return s; // retry
      if (e.outcome !== 'aborted' && !s.aborted && step?.step.continueOnError) {
        r.continued = true;
        advanceFrom(r.id);
        return s;
      }
      s.pendingFailure = { stepId: r.id, outcome: e.outcome };
      s.failedStep = r.id;
      return s;
    }
    case 'failure-decision': {
      const r = rec(e.stepId);
      if (e.declined) {
        // After a decline: roll back what was done, or stop as declined (stopReason is set).
        s.pendingDecline = undefined;
        if (e.choice === 'rollback') startRollback(s);
        return s;
      }
      s.pendingFailure = undefined;
      if (e.choice === 'retry' && r) {
        r.status = 'pending';
        r.retryBase = r.attempts;
        s.aborted = false;
      } else if (e.choice === 'skip' && r) {
        r.continued = true;
        s.failedStep = undefined;
        advanceFrom(r.id);
      } else if (e.choice === 'stop') s.stopReason = s.stopReason ?? `step ${e.stepId} ${r?.status ?? 'failed'}`;
      else if (e.choice === 'rollback') startRollback(s);
      return s;
    }
    case 'run-resumed': {
      if (e.interruptedStepId) {
        const r = rec(e.interruptedStepId);
        if (r && s.phase === 'main') r.status = 'interrupted';
        // An interrupted rollback step is counted as failed: never silently considered done.
        else if (r && s.phase === 'rollback' && r.rollback?.status === 'running') {
          r.rollback = { status: 'failed', error: 'interrupted (the runner died)' };
          s.rollbackFailed = [...s.rollbackFailed, r.id];
          s.rollbackIndex++;
        }
      }
      return s;
    }
    case 'run-finished':
      s.phase = 'finished';
      s.outcome = e.outcome;
      s.message = e.message;
      s.finishedAt = e.at;
      return s;
    default:
      return s;
  }
}

function startRollback(s: RunState): void {
  s.phase = 'rollback';
  s.rollbackQueue = rollbackOrder(s);
  s.rollbackIndex = 0;
}

/** What a rollback now would undo, in order: every completed step with a rollback, newest first. */
export function rollbackOrder(s: RunState): string[] {
  const undo = [...(s.interruptedAborted ? [s.interruptedAborted] : []), ...[...s.completed].reverse()];
  return undo.filter((id) => !!stepOf(s, id)?.step.rollback);
}

export function stepOf(s: RunState, id: string): PlannedStep | undefined {
  return s.plan.steps.find((p) => p.step.id === id);
}

export type NextAction =
  | { type: 'finish'; outcome: RunOutcome; rolledBack: boolean; message: string }
  | { type: 'done'; outcome: RunOutcome }
  | { type: 'skip'; step: PlannedStep; reason: 'when' }
  | { type: 'dry-run'; step: PlannedStep }
  | { type: 'confirm'; step: PlannedStep }
  | { type: 'manual'; step: PlannedStep }
  | { type: 'run'; step: PlannedStep; attempt: number }
  | { type: 'decide-failure'; step: PlannedStep; outcome: StepOutcome; choices: ('rollback' | 'retry' | 'skip' | 'stop')[]; defaultChoice: 'rollback' | 'stop' }
  /** The operator declined `step`: stop (the default: nothing more changes) or roll back `undo`. */
  | { type: 'decide-decline'; step: PlannedStep; undo: string[] }
  | { type: 'decide-interrupted'; step: PlannedStep }
  | { type: 'rollback'; step: PlannedStep };

export function nextAction(s: RunState): NextAction {
  if (s.phase === 'finished') return { type: 'done', outcome: s.outcome ?? 'failed' };
  if (s.phase === 'rollback') {
    const id = s.rollbackQueue[s.rollbackIndex];
    if (id !== undefined) return { type: 'rollback', step: stepOf(s, id)! };
    const failed = s.rollbackFailed.length ? `; rollback of ${s.rollbackFailed.join(', ')} FAILED` : '';
    const cause = s.aborted ? 'aborted' : s.failedStep ? `step ${s.failedStep} ${s.steps[s.failedStep]?.status ?? 'failed'}` : (s.stopReason ?? 'stopped');
    // A decline rolled back is the operator stopping the run, not a failure.
    const outcome = s.aborted ? 'aborted' : s.failedStep || !s.stopReason ? 'failed' : 'stopped';
    return { type: 'finish', outcome, rolledBack: true, message: `${cause}; rolled back ${s.rollbackQueue.length} step(s)${failed}` };
  }
  if (s.pendingDecline !== undefined) {
    const step = stepOf(s, s.pendingDecline);
    if (step) return { type: 'decide-decline', step, undo: rollbackOrder(s) };
  }
  if (s.stopReason) {
    // What stays changed: the operator stopping half-way must see it (services left stopped).
    const left = s.plan.dryRun ? [] : s.completed.filter((id) => { const done = stepOf(s, id); return !!done && stepChangesThings(done.step.action.kind); });
    const note = left.length ? `; done and not rolled back: ${left.join(', ')}` : '';
    return { type: 'finish', outcome: s.aborted ? 'aborted' : s.failedStep ? 'failed' : 'stopped', rolledBack: false, message: s.stopReason + note };
  }
  if (s.pendingFailure) {
    const step = stepOf(s, s.pendingFailure.stepId)!;
    const canRollBack = rollbackOrder(s).length > 0;
    const defaultChoice = s.plan.runbook.onFailure === 'rollback' && canRollBack ? 'rollback' : 'stop';
    const choices: ('rollback' | 'retry' | 'skip' | 'stop')[] = [defaultChoice, ...(['rollback', 'retry', 'skip', 'stop'] as const).filter((c) => c !== defaultChoice && (c !== 'rollback' || canRollBack))];
    return { type: 'decide-failure', step, outcome: s.pendingFailure.outcome, choices, defaultChoice };
  }
  const step = s.plan.steps[s.cursor];
  if (!step) {
    const continued = Object.values(s.steps).filter((r) => r.continued).map((r) => r.id);
    const dry = s.plan.dryRun ? 'dry run: nothing was changed' : 'all steps done';
    return { type: 'finish', outcome: 'succeeded', rolledBack: false, message: continued.length ? `${dry}; failed but continued: ${continued.join(', ')}` : dry };
  }
  const rec = s.steps[step.step.id]!;
  if (rec.status === 'interrupted') return { type: 'decide-interrupted', step };
  if (step.skipped) return { type: 'skip', step, reason: 'when' };
  if (s.plan.dryRun) return { type: 'dry-run', step };
  if (step.step.action.kind === 'manual') return { type: 'manual', step };
  if (step.confirm !== 'none' && !rec.confirmed) return { type: 'confirm', step };
  return { type: 'run', step, attempt: rec.attempts + 1 };
}

/** The vars a step sees: the environment's, then values captured by earlier steps. */
export function varsFor(s: RunState): Record<string, string> {
  return { ...s.plan.environment.vars, ...s.captured };
}
