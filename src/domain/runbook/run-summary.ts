// Folds a run's journal events into what people read: per-step records (command, confirmation,
// exit code, duration, health around it, output tail) and the run's who/where/when/outcome.
// Pure: the report, `history`, `show` and `resume` all read runs through this.
import type { ConfirmChoice, ConfirmLevel, EventOf, RunEvent, RunOutcome, StepOutcome, StepPhase } from './run-events.js';

export interface StepRecord {
  id: string;
  title: string;
  kind: string;
  command: string;
  confirm: ConfirmLevel;
  confirmation?: { choice: ConfirmChoice; via?: string; by?: string };
  attempts: number;
  outcome?: StepOutcome;
  skipped?: string;
  /** When the runner passed the step by (its step-skipped event); unset while only the plan says it will be skipped. */
  skippedAt?: number;
  exitCode?: number;
  durationMs?: number;
  error?: string;
  tail: string[];
  healthBefore?: Record<string, string>;
  healthAfter?: Record<string, string>;
  /** Started and never finished: the runner died during it. */
  interrupted: boolean;
  rollback?: { outcome: StepOutcome; exitCode?: number; durationMs: number };
}

export type RunStatus = RunOutcome | 'unfinished';

/** Who, where and what come straight from the run's `run-started` event. */
export interface RunSummary
  extends Pick<EventOf<'run-started'>, 'runId' | 'runbook' | 'title' | 'profile' | 'environment' | 'protected' | 'dryRun' | 'changeRef' | 'inputs' | 'user' | 'host' | 'sudoUser' | 'sshClient'> {
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
  status: RunStatus;
  rolledBack: boolean;
  message?: string;
  steps: StepRecord[];
  notes: string[];
  resumes: number;
  /** The audit log's head sealed in the journal (the last one). */
  auditHead?: { seq: number; hash: string };
  /**
   * The step the run stands in when the journal ends (unfinished runs only): running, or
   * interrupted by a dead runner and not yet re-run or marked done.
   */
  currentStepId?: string;
  /** The phase `currentStepId` was started in. */
  currentPhase?: StepPhase;
}

/** Steps whose main phase is settled: they must never run again on resume. */
export const DONE_OUTCOMES: readonly StepOutcome[] = ['succeeded', 'marked-done', 'dry-run'];

export function summarizeRun(events: readonly RunEvent[]): RunSummary | undefined {
  const start = events.find((e): e is EventOf<'run-started'> => e.type === 'run-started');
  if (!start) return undefined;
  const steps = new Map<string, StepRecord>(
    start.plan.map((p) => [p.id, { id: p.id, title: p.title, kind: p.kind, command: p.command, confirm: p.confirm, attempts: 0, tail: [], interrupted: false, ...(p.skipped ? { skipped: p.skipped } : {}) }]),
  );
  const s: RunSummary = {
    runId: start.runId, runbook: start.runbook, title: start.title, profile: start.profile, environment: start.environment,
    protected: start.protected, dryRun: start.dryRun, changeRef: start.changeRef, inputs: start.inputs,
    user: start.user, host: start.host, sudoUser: start.sudoUser, sshClient: start.sshClient,
    startedAt: start.at, status: 'unfinished', rolledBack: false, steps: [], notes: [], resumes: 0,
  };
  let open: { stepId: string; phase: StepPhase } | undefined;
  const stepOf = (id: string | undefined) => (id ? steps.get(id) : undefined);
  for (const e of events) {
    switch (e.type) {
      case 'step-started': {
        const st = stepOf(e.stepId);
        if (st && e.phase === 'main') {
          st.attempts = Math.max(st.attempts, e.attempt);
          st.command = e.command || st.command;
          st.interrupted = false;
        }
        open = { stepId: e.stepId, phase: e.phase };
        break;
      }
      case 'step-finished': {
        const st = stepOf(e.stepId);
        if (st && e.phase === 'main') Object.assign(st, { outcome: e.outcome, exitCode: e.exitCode, durationMs: e.durationMs, tail: e.tail, error: e.error, interrupted: false });
        if (st && e.phase === 'rollback') st.rollback = { outcome: e.outcome, exitCode: e.exitCode, durationMs: e.durationMs };
        open = undefined;
        break;
      }
      case 'step-skipped': {
        const st = stepOf(e.stepId);
        if (st) Object.assign(st, { skipped: e.reason + (e.detail ? `: ${e.detail}` : ''), skippedAt: e.at });
        break;
      }
      case 'confirmation-answered': {
        const st = stepOf(e.stepId);
        if (st && (e.purpose === 'step' || e.purpose === 'manual' || e.purpose === 'interrupted')) st.confirmation = { choice: e.choice, via: e.via, by: e.by };
        // After a crash the operator may say the interrupted step did complete.
        if (st && e.purpose === 'interrupted' && e.choice === 'mark-done') Object.assign(st, { outcome: 'marked-done', interrupted: false });
        if (st && e.purpose === 'interrupted' && e.choice === 'rerun') st.interrupted = false;
        // Decided: the run no longer stands in it (a re-run starts it again).
        if (e.purpose === 'interrupted' && (e.choice === 'mark-done' || e.choice === 'rerun') && open?.stepId === e.stepId) open = undefined;
        break;
      }
      case 'health-snapshot': {
        const st = stepOf(e.stepId);
        if (st) st[e.when === 'before' ? 'healthBefore' : 'healthAfter'] = e.services;
        break;
      }
      case 'run-resumed': {
        s.resumes++;
        const st = stepOf(e.interruptedStepId);
        if (st && !(st.outcome && DONE_OUTCOMES.includes(st.outcome))) st.interrupted = true;
        // `open` stays: until the operator decides, the run still stands in the interrupted step
        // (a runner that dies again while asking about it left that step unfinished).
        break;
      }
      case 'note':
        s.notes.push(e.message);
        break;
      case 'audit-head':
        s.auditHead = { seq: e.seq, hash: e.hash };
        break;
      case 'run-finished':
        Object.assign(s, { status: e.outcome, rolledBack: e.rolledBack, message: e.message, finishedAt: e.at, durationMs: e.durationMs });
        open = undefined;
        break;
      default:
        break;
    }
  }
  if (s.status === 'unfinished' && open) {
    s.currentStepId = open.stepId;
    s.currentPhase = open.phase;
    const st = stepOf(open.stepId);
    if (st && open.phase === 'main') st.interrupted = true;
  }
  if (s.durationMs === undefined) s.durationMs = (events[events.length - 1]?.at ?? start.at) - start.at;
  s.steps = [...steps.values()];
  return s;
}

/** Where a run stood when its runner died (see `runStanding`). */
export interface RunStanding {
  /** The step it was in: running, or interrupted and not yet decided. */
  running?: string;
  phase?: StepPhase;
  /** Steps whose main phase succeeded, or that the runner passed by (skipped). */
  finished: number;
  total: number;
}

/**
 * What `opsdeck attach` says of a run whose runner died: "N of M step(s) done, step X did not
 * finish". Counts only steps that succeeded or were skipped on the way; steps marked done or
 * walked in a dry run are not counted here (they are in `completedStepIds`).
 */
export function runStanding(summary: RunSummary | undefined): RunStanding {
  if (!summary) return { finished: 0, total: 0 };
  const finished = summary.steps.filter((st) => st.outcome === 'succeeded' || st.skippedAt !== undefined).length;
  return { running: summary.currentStepId, phase: summary.currentPhase, finished, total: summary.steps.length };
}

/** Step ids never to run again: their main phase finished successfully or was marked done. */
export function completedStepIds(summary: RunSummary): string[] {
  return summary.steps.filter((st) => st.outcome && DONE_OUTCOMES.includes(st.outcome)).map((st) => st.id);
}
