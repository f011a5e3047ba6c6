// Drives a run: asks the engine what to do next, does it (executor, service actions, confirmer),
// folds the resulting event into the state and appends it to the journal. Works the same headless,
// in the TUI, or in a detached runner: only the Confirmer and the journal differ. The parts live
// beside it: step-execution.ts (one step body), guard-pause.ts, dry-run-step.ts, run-decisions.ts
// (after a failure, an interrupted step), step-expander.ts (expansion, cwd), run-masking.ts
// (masking, the run-started event), run-questions.ts (request ids, the stop signal).
import { errorMessage } from '../../domain/errors.js';
import type { Plan, PlannedStep } from '../../domain/runbook/plan.js';
import { initialRunState, nextAction, reduceRun, type NextAction, type RunState } from '../../domain/runbook/run-state.js';
import type { RunEvent } from '../../domain/runbook/run-events.js';
import { OperatorUnavailable } from '../../ports/confirmer.js';
import { RunQuestions } from './run-questions.js';
import type { RunnerDeps } from './runner-deps.js';
import { runMask, runStartedEvent } from './run-masking.js';
import { StepExpander } from './step-expander.js';
import { sleep, type RunnerContext } from './runner-context.js';
import { executeStep } from './step-execution.js';
import { passGuard } from './guard-pause.js';
import { dryRunStep } from './dry-run-step.js';
import { decideDecline, decideFailure, decideInterrupted } from './run-decisions.js';

export type { RunMeta, RunnerDeps } from './runner-deps.js';

type RunOutcome = Extract<RunEvent, { type: 'run-finished' }>['outcome'];

export class RunbookRunner {
  state: RunState;
  private readonly now: () => number;
  private stepAbort?: AbortController;
  private askingAbort = false;
  /** The open abort question and the step (its abort controller) it was asked about. */
  private abortQuestion?: { ctl: AbortController; withdraw: AbortController; stepId?: string };
  private stopRequest?: string;
  /** Set when the run was left waiting for an answer nobody here can give (parkWhenUnanswered). */
  parked?: string;
  /** Questions to a person: request ids, journaling, and the stop signal that withdraws one. */
  private readonly questions: RunQuestions;
  private journalChain: Promise<void> = Promise.resolve();
  /** Real captured values (the journal holds masked ones). */
  private readonly captured: Record<string, string> = {};
  private readonly mask: (s: string) => string;
  private readonly expander: StepExpander;
  private readonly ctx: RunnerContext;

  constructor(readonly plan: Plan, private readonly deps: RunnerDeps, resumeFrom?: RunState) {
    this.state = resumeFrom ?? initialRunState(plan);
    this.now = deps.now ?? Date.now;
    this.questions = new RunQuestions({ confirmer: deps.confirmer, runId: () => this.runId, environment: plan.environment.name, protected: plan.environment.protected, emit: (e) => this.emit(e), now: this.now });
    this.mask = runMask(plan, deps.redactor);
    this.expander = new StepExpander({
      plan, runId: this.runId, profile: deps.meta.profile, baseDir: deps.baseDir, stepEnv: deps.stepEnv, mask: this.mask,
      state: () => this.state, captured: this.captured,
    });
    this.ctx = {
      plan, deps, questions: this.questions, expander: this.expander, mask: this.mask, now: this.now,
      state: () => this.state, emit: (e) => this.emit(e), stopping: () => !!this.stopRequest,
    };
  }

  get runId(): string {
    return this.deps.journal.runId;
  }

  /** Runs to the end (or until stopped); resolves with the final state. */
  async run(): Promise<RunState> {
    if (this.state.phase === 'planned') {
      await this.emit(runStartedEvent(this.plan, this.deps.meta, this.runId, this.now(), this.mask));
      if (!(await this.checkPreconditions())) return this.state;
    }
    for (;;) {
      const action = nextAction(this.state);
      if (action.type === 'done') break;
      // A stop request lets a failure decision and a rollback finish, but starts nothing new.
      if (this.stopRequest && !['finish', 'decide-failure', 'decide-decline', 'rollback'].includes(action.type)) {
        await this.finish('aborted', false, this.stopRequest);
        continue;
      }
      await this.perform(action);
      if (this.parked) break;
    }
    await this.journalChain;
    return this.state;
  }

  /**
   * Ctrl-C: during a step, asks whether to abort it (a second Ctrl-C while asking aborts).
   * Outside a step it does nothing: prompts handle their own Ctrl-C. The question is about that
   * step only: when it ends before the answer, the question is withdrawn (journaled, the dialog
   * closes), and an answer can only ever abort the step it was asked about.
   */
  async interrupt(): Promise<void> {
    const ctl = this.stepAbort;
    if (!ctl || ctl.signal.aborted) return;
    if (this.askingAbort) return this.abortStep();
    this.askingAbort = true;
    const stepId = this.currentStepId();
    const withdraw = new AbortController();
    this.abortQuestion = { ctl, withdraw, stepId };
    try {
      const answer = await this.questions.ask({ purpose: 'abort', level: 'confirm', prompt: 'Abort the running step? Its whole process group will be killed.', choices: ['no', 'abort'], stepId }, withdraw.signal);
      if ((answer.choice === 'abort' || answer.choice === 'yes') && this.stepAbort === ctl) this.abortStep();
    } catch {
      /* nobody to ask, or the step ended first (journaled as withdrawn): keep running */
    } finally {
      this.askingAbort = false;
      if (this.abortQuestion?.withdraw === withdraw) this.abortQuestion = undefined;
    }
  }

  /** The running step's abort controller changed (undefined: it ended): its abort question goes with it. */
  private setStepAbort(ctl: AbortController | undefined): void {
    const q = this.abortQuestion;
    this.stepAbort = ctl;
    if (q && q.ctl !== ctl) q.withdraw.abort(`step ${q.stepId ?? ''} finished before the answer`.replace('  ', ' '));
  }

  /**
   * Stops the run for good (SIGTERM, SIGHUP of a foreground run): the running step is aborted
   * (its group killed), the runbook's on_failure decides about rollback, no further step starts.
   */
  requestStop(reason: string): void {
    if (this.stopRequest) return;
    this.stopRequest = reason;
    this.questions.stop(reason);
    void this.emit({ type: 'note', at: this.now(), message: `${reason}: stopping (the running step is aborted, nothing new starts)` });
    this.abortStep();
  }

  /** Aborts the running step now (kills its process group). */
  abortStep(): void {
    if (!this.stepAbort || this.stepAbort.signal.aborted) return;
    void this.emit({ type: 'confirmation-answered', at: this.now(), requestId: this.questions.lastId, purpose: 'abort', choice: 'abort', stepId: this.currentStepId() });
    // A second Ctrl-C (or a stop) answered for the dialog: it closes.
    this.abortQuestion?.withdraw.abort('the step is being aborted');
    this.stepAbort.abort();
  }

  private currentStepId(): string | undefined {
    return Object.values(this.state.steps).find((r) => r.status === 'running' || r.rollback?.status === 'running')?.id;
  }

  private async checkPreconditions(): Promise<boolean> {
    for (const pre of this.plan.runbook.preconditions) {
      if (this.plan.dryRun) {
        await this.emit({ type: 'note', at: this.now(), message: `dry run: precondition NOT simulated (would check that these are healthy: ${pre.healthy.join(', ')})` });
        continue;
      }
      try {
        await this.deps.services.waitHealthy(pre.healthy, this.deps.preconditionTimeoutMs ?? 15_000);
      } catch (e) {
        await this.finish('stopped', false, `precondition failed: ${this.mask(errorMessage(e))}`);
        return false;
      }
    }
    return true;
  }

  private async perform(a: Exclude<NextAction, { type: 'done' }>): Promise<void> {
    switch (a.type) {
      case 'finish':
        return this.finish(a.outcome, a.rolledBack, a.message);
      case 'skip':
        return this.emit({ type: 'step-skipped', at: this.now(), stepId: a.step.step.id, reason: 'when', detail: `only in ${a.step.step.when?.join(', ')}` });
      case 'dry-run':
        return dryRunStep(this.ctx, a.step);
      case 'confirm':
      case 'manual': {
        if (!(await passGuard(this.ctx, a.step))) return;
        const manual = a.type === 'manual';
        const answer = await this.askStep(a.step, manual ? 'manual' : 'step');
        if (!answer) return;
        if (manual && answer === 'yes') {
          const at = this.now();
          await this.emit({ type: 'step-started', at, stepId: a.step.step.id, phase: 'main', attempt: 1, command: this.expander.describe(a.step.step) });
          await this.emit({ type: 'step-finished', at: this.now(), stepId: a.step.step.id, phase: 'main', attempt: 1, outcome: 'succeeded', durationMs: this.now() - at, tail: ['done (confirmed by the operator)'] });
        }
        return;
      }
      case 'run':
        if (a.attempt === 1 && a.step.confirm === 'none' && !(await passGuard(this.ctx, a.step))) return;
        if (a.attempt > 1) await sleep(this.deps.retryDelayMs ?? 1000);
        return this.execute(a.step, 'main', a.attempt);
      case 'rollback':
        return this.execute(a.step, 'rollback', 1);
      case 'decide-failure':
        return decideFailure(this.ctx, a);
      case 'decide-decline':
        return decideDecline(this.ctx, a);
      case 'decide-interrupted':
        return decideInterrupted(this.ctx, a, (e) => this.unavailable(e));
    }
  }

  private execute(step: PlannedStep, phase: 'main' | 'rollback', attempt: number): Promise<void> {
    return executeStep(this.ctx, {
      step, body: phase === 'main' ? step.step : step.step.rollback!, phase, attempt,
      abortable: (ctl) => this.setStepAbort(ctl),
      keepCapture: (name, value) => (this.captured[name] = value),
    });
  }

  /** Asks to run / acknowledge a step; returns 'yes', or undefined when the answer changed the course. */
  private async askStep(step: PlannedStep, purpose: 'step' | 'manual'): Promise<'yes' | undefined> {
    const command = this.expander.describe(step.step);
    try {
      return await this.questions.confirmStep({ id: step.step.id, title: step.step.title, typed: step.confirm === 'typed', command }, purpose);
    } catch (e) {
      await this.unavailable(e);
      return undefined;
    }
  }

  private async unavailable(e: unknown): Promise<void> {
    const message = e instanceof OperatorUnavailable ? e.message : `cannot ask the operator: ${errorMessage(e)}`;
    if (this.deps.parkWhenUnanswered && e instanceof OperatorUnavailable && !this.stopRequest) {
      this.parked = message;
      await this.emit({ type: 'note', at: this.now(), message: `left waiting, still resumable: ${message}` });
      return;
    }
    await this.finish('stopped', false, message);
  }

  private async finish(outcome: RunOutcome, rolledBack: boolean, message: string): Promise<void> {
    if (this.deps.auditHead) {
      // Everything before is journaled and audited first: the seal covers the run's last step.
      await this.journalChain;
      const head = this.deps.auditHead();
      if (head) await this.emit({ type: 'audit-head', at: this.now(), seq: head.seq, hash: head.hash });
    }
    await this.emit({ type: 'run-finished', at: this.now(), outcome, rolledBack, message: this.mask(message), durationMs: this.now() - (this.state.startedAt ?? this.now()) });
  }

  /**
   * Folds the event into the state at once, then appends it to the journal behind the events
   * before it and tells the listener once it is written. Callers that act on the event await the
   * returned promise (nothing acts on an event before it is on disk); output lines and the events
   * a stop request writes from a signal handler only queue.
   */
  private emit(event: RunEvent): Promise<void> {
    this.state = reduceRun(this.state, event);
    const state = this.state;
    this.journalChain = this.journalChain
      .then(() => this.deps.journal.append(event))
      .then(() => {
        try {
          this.deps.onEvent?.(event, state);
        } catch {
          /* a listener's failure (a closed socket, a broken pipe) never stops the run */
        }
      });
    return this.journalChain;
  }
}
