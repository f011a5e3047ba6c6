// Drives a run: asks the engine what to do next, does it (executor, service actions, confirmer),
// folds the resulting event into the state and appends it to the journal. Works the same headless,
// in the TUI, or in a detached runner: only the Confirmer and the journal differ.
import { isAbsolute, resolve } from 'node:path';
import { MASK, type Redactor } from '../../domain/text/redaction.js';
import { errorMessage } from '../../domain/errors.js';
import { concretize, concreteText, planSummary, type ConcreteStep, type Plan, type PlannedStep } from '../../domain/runbook/plan.js';
import { envVarName } from '../../domain/runbook/inputs.js';
import { argvCodeProblems } from '../../domain/runbook/argv-safety.js';
import { dryRunLine } from '../../domain/runbook/dry-run.js';
import { initialRunState, nextAction, reduceRun, varsFor, type NextAction, type RunState } from '../../domain/runbook/run-state.js';
import type { ConfirmChoice, ConfirmPurpose, RunEvent, StepPhase } from '../../domain/runbook/run-events.js';
import type { StepBody } from '../../domain/runbook/runbook-model.js';
import type { RunJournal } from '../../ports/run-journal.js';
import { OperatorUnavailable, type ConfirmAnswer, type Confirmer } from '../../ports/confirmer.js';
import { RunQuestions, type Question } from './run-questions.js';
import type { ServiceActions } from '../../ports/service-actions.js';
import { runProcessStep, runServiceStep, type BodyResult } from './step-actions.js';

export interface RunMeta {
  profile: string;
  user: string;
  host: string;
  pid: number;
  sudoUser?: string;
  sshClient?: string;
  changeRef?: string;
}

export interface RunnerDeps {
  journal: RunJournal;
  confirmer: Confirmer;
  services: ServiceActions;
  redactor: Redactor;
  /** Relative step cwds resolve against this (the ops dir); also the default cwd. */
  baseDir: string;
  meta: RunMeta;
  /** 'auto': a failure takes the runbook's default (rollback or stop) without asking. @default 'auto' */
  failureMode?: 'auto' | 'ask';
  /** Grace between SIGTERM and SIGKILL. @default 5000 */
  graceMs?: number;
  /** Pause between automatic retries. @default 1000 */
  retryDelayMs?: number;
  /** Precondition health wait. @default 15000 */
  preconditionTimeoutMs?: number;
  /** Health by service, for evidence before/after steps that change something. */
  healthOf?: (services: readonly string[]) => Promise<Record<string, string>>;
  /** Guarded services that regressed since the run started (empty/undefined: none). */
  guardCheck?: () => Promise<Record<string, string> | undefined>;
  /** Extra environment for every step process (OPSDECK_CLI, OPSDECK_STATE_DIR…); see step-env.ts. */
  stepEnv?: Readonly<Record<string, string>>;
  /**
   * The audit log's head (count, hash), sealed in the journal (and so the report) just before
   * the run's end: `audit verify` then knows the log must still hold that entry.
   */
  auditHead?: () => { seq: number; hash: string } | undefined;
  /**
   * A resumed run without a terminal: a question nobody can answer leaves the run unfinished and
   * resumable (the runner exits, the journal says why) instead of ending it for good. @default false
   */
  parkWhenUnanswered?: boolean;
  /** Every event after it is journaled, with the new state (stores, UI, attach clients). */
  onEvent?: (event: RunEvent, state: RunState) => void;
  now?: () => number;
}

export class RunbookRunner {
  state: RunState;
  private readonly now: () => number;
  private stepAbort?: AbortController;
  private askingAbort = false;
  private stopRequest?: string;
  /** Set when the run was left waiting for an answer nobody here can give (parkWhenUnanswered). */
  parked?: string;
  /** Questions to a person: request ids, journaling, and the stop signal that withdraws one. */
  private readonly questions: RunQuestions;
  private journalChain: Promise<void> = Promise.resolve();
  /** Real captured values (the journal holds masked ones). */
  private readonly captured: Record<string, string> = {};

  constructor(readonly plan: Plan, private readonly deps: RunnerDeps, resumeFrom?: RunState) {
    this.state = resumeFrom ?? initialRunState(plan);
    this.now = deps.now ?? Date.now;
    this.questions = new RunQuestions({ confirmer: deps.confirmer, runId: () => this.runId, environment: plan.environment.name, emit: (e) => this.emit(e), now: this.now });
  }

  get runId(): string {
    return this.deps.journal.runId;
  }

  /** Runs to the end (or until stopped); resolves with the final state. */
  async run(): Promise<RunState> {
    if (this.state.phase === 'planned') {
      await this.emit(this.runStarted());
      if (!(await this.checkPreconditions())) return this.state;
    }
    for (;;) {
      const action = nextAction(this.state);
      if (action.type === 'done') break;
      // A stop request lets a failure decision and a rollback finish, but starts nothing new.
      if (this.stopRequest && !['finish', 'decide-failure', 'rollback'].includes(action.type)) {
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
   * Outside a step it does nothing: prompts handle their own Ctrl-C.
   */
  async interrupt(): Promise<void> {
    const ctl = this.stepAbort;
    if (!ctl || ctl.signal.aborted) return;
    if (this.askingAbort) return this.abortStep();
    this.askingAbort = true;
    try {
      const answer = await this.ask({ purpose: 'abort', level: 'confirm', prompt: 'Abort the running step? Its whole process group will be killed.', choices: ['no', 'abort'], stepId: this.currentStepId() });
      if (answer.choice === 'abort' || answer.choice === 'yes') this.abortStep();
    } catch {
      /* nobody to ask: keep running */
    } finally {
      this.askingAbort = false;
    }
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
    this.stepAbort.abort();
  }

  private currentStepId(): string | undefined {
    return Object.values(this.state.steps).find((r) => r.status === 'running' || r.rollback?.status === 'running')?.id;
  }

  private runStarted(): RunEvent {
    const p = this.plan;
    const inputs = Object.fromEntries(Object.entries(p.inputs).map(([k, v]) => [k, p.secretInputs.includes(k) ? MASK : this.mask(v)]));
    return {
      type: 'run-started', at: this.now(), runId: this.runId, runbook: p.runbook.name, title: p.runbook.title, kind: p.runbook.kind,
      profile: this.deps.meta.profile, environment: p.environment.name, protected: p.environment.protected, dryRun: p.dryRun,
      changeRef: this.deps.meta.changeRef, inputs, onFailure: p.runbook.onFailure, plan: planSummary(p, (s) => this.mask(s)),
      runbookHash: p.runbook.sourceHash, definition: maskStrings(p.runbook, (s) => this.mask(s)),
      user: this.deps.meta.user, host: this.deps.meta.host, pid: this.deps.meta.pid, sudoUser: this.deps.meta.sudoUser, sshClient: this.deps.meta.sshClient,
    };
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
      case 'dry-run': {
        const cmd = this.describe(a.step.step);
        const s = a.step.step;
        // Only a health wait is simulated (reading health changes nothing); the rest says what it would do.
        let health: Record<string, string> | undefined;
        if (s.action.kind === 'wait_healthy' && this.deps.healthOf) health = await this.deps.healthOf(s.action.services).catch(() => undefined);
        const tail = [dryRunLine(s.action.kind, cmd, health)];
        if (s.rollback) tail.push(`rollback NOT simulated (would run: ${this.describe(s.rollback)})`);
        if (s.capture) tail.push(`capture NOT simulated: later steps see "<output of step ${s.id}>" instead of ${s.capture}`);
        return this.emit({
          type: 'step-finished', at: this.now(), stepId: s.id, phase: 'main', attempt: 1, outcome: 'dry-run', durationMs: 0, tail,
          captured: s.capture ? { name: s.capture, value: `<output of step ${s.id}>` } : undefined,
        });
      }
      case 'confirm':
      case 'manual': {
        if (!(await this.guard(a.step))) return;
        const manual = a.type === 'manual';
        const answer = await this.askStep(a.step, manual ? 'manual' : 'step');
        if (!answer) return;
        if (manual && answer === 'yes') {
          const at = this.now();
          await this.emit({ type: 'step-started', at, stepId: a.step.step.id, phase: 'main', attempt: 1, command: this.describe(a.step.step) });
          await this.emit({ type: 'step-finished', at: this.now(), stepId: a.step.step.id, phase: 'main', attempt: 1, outcome: 'succeeded', durationMs: this.now() - at, tail: ['done (confirmed by the operator)'] });
        }
        return;
      }
      case 'run':
        if (a.attempt === 1 && a.step.confirm === 'none' && !(await this.guard(a.step))) return;
        if (a.attempt > 1) await sleep(this.deps.retryDelayMs ?? 1000);
        return this.execute(a.step, a.step.step, 'main', a.attempt);
      case 'rollback':
        return this.execute(a.step, a.step.step.rollback!, 'rollback', 1);
      case 'decide-failure': {
        let choice: 'rollback' | 'retry' | 'skip' | 'stop' = a.defaultChoice;
        if (this.deps.failureMode === 'ask') {
          try {
            const ans = await this.ask({ purpose: 'failure', level: 'confirm', stepId: a.step.step.id, prompt: `Step ${a.step.step.id} ${a.outcome}. What now?`, choices: a.choices });
            if ((a.choices as string[]).includes(ans.choice)) choice = ans.choice as typeof choice;
          } catch {
            /* nobody to ask: the runbook's default */
          }
        }
        await this.emit({ type: 'failure-decision', at: this.now(), stepId: a.step.step.id, choice, via: this.deps.failureMode === 'ask' ? 'operator' : 'on_failure' });
        if (choice === 'rollback') await this.emit({ type: 'rollback-started', at: this.now(), steps: this.state.rollbackQueue, reason: `step ${a.step.step.id} ${a.outcome}` });
        return;
      }
      case 'decide-interrupted': {
        try {
          const ans = await this.ask({ purpose: 'interrupted', level: 'confirm', stepId: a.step.step.id, command: this.describe(a.step.step), prompt: `Step ${a.step.step.id} was interrupted when the runner died. Re-run it, mark it done, or abort?`, choices: ['abort', 'rerun', 'mark-done'] });
          await this.emitAnswer('interrupted', a.step.step.id, ans, ans.choice === 'rerun' || ans.choice === 'mark-done' ? ans.choice : 'abort');
        } catch (e) {
          await this.unavailable(e);
        }
        return;
      }
    }
  }

  /**
   * Guard check at a step boundary; false when the run was stopped or redirected. The operator
   * may retry (check the guarded services again, e.g. after fixing them), roll back, continue
   * or stop; nobody to ask stops.
   */
  private async guard(step: PlannedStep): Promise<boolean> {
    for (;;) {
      const regressed = this.deps.guardCheck ? await this.deps.guardCheck() : undefined;
      if (!regressed || Object.keys(regressed).length === 0) return true;
      await this.emit({ type: 'guard-regression', at: this.now(), services: regressed });
      let choice: ConfirmChoice = 'stop';
      try {
        const ans = await this.ask({ purpose: 'guard', level: 'confirm', stepId: step.step.id, prompt: `Guarded service(s) regressed: ${Object.entries(regressed).map(([k, v]) => `${k} ${v}`).join(', ')}. Stop, roll back, retry (check again), or continue?`, choices: ['stop', 'rollback', 'retry', 'continue'] });
        choice = ans.choice;
        await this.emitAnswer('guard', step.step.id, ans, choice);
      } catch {
        await this.emit({ type: 'confirmation-answered', at: this.now(), requestId: this.questions.lastId, purpose: 'guard', choice: 'stop', stepId: step.step.id, via: 'default' });
      }
      if (choice === 'retry') {
        if (this.stopRequest) return false;
        await sleep(this.deps.retryDelayMs ?? 1000);
        continue;
      }
      if (choice === 'continue') return true;
      if (choice === 'rollback') {
        await this.emit({ type: 'failure-decision', at: this.now(), stepId: step.step.id, choice: 'rollback', via: 'guard' });
        await this.emit({ type: 'rollback-started', at: this.now(), steps: this.state.rollbackQueue, reason: 'guarded service regressed' });
      }
      return false;
    }
  }

  /** Asks to run / acknowledge a step; returns 'yes', or undefined when the answer changed the course. */
  private async askStep(step: PlannedStep, purpose: 'step' | 'manual'): Promise<'yes' | undefined> {
    const command = this.describe(step.step);
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

  private ask(q: Question): Promise<ConfirmAnswer> {
    return this.questions.ask(q);
  }

  private emitAnswer(purpose: ConfirmPurpose, stepId: string | undefined, ans: ConfirmAnswer, choice: ConfirmChoice): Promise<void> {
    return this.questions.answered(purpose, stepId, ans, choice);
  }

  private concrete(body: StepBody): ConcreteStep {
    // Validation rejects these; the runner refuses them again (a runbook that skipped validate).
    const unsafe = body.action.kind === 'run' ? argvCodeProblems(body.action.argv) : [];
    if (unsafe.length) throw new Error(`refused: ${unsafe.map((p) => p.message).join('; ')}`);
    // After a runner restart the captures come back from the journal, masked: one that held a
    // secret is gone (it is never written down). A step that needs it fails; it must not run
    // with the mask in the secret's place. "Needs": its expanded text uses it, or its script
    // names its variable; other steps get no OPSDECK_VAR_ for it.
    const lost = Object.entries(this.state.captured).filter(([name, value]) => !(name in this.captured) && value.includes(MASK)).map(([name]) => name);
    const vars = { ...varsFor(this.state), ...this.captured, ...Object.fromEntries(lost.map((name) => [name, lostCapture(name)])) };
    const concrete = concretize(body, this.plan.inputs, vars, { ...this.deps.stepEnv, OPSDECK_ENV: this.plan.environment.name, OPSDECK_RUN_ID: this.runId, OPSDECK_DIR: this.deps.baseDir, OPSDECK_PROFILE: this.deps.meta.profile });
    if (lost.length === 0) return concrete;
    const env = 'env' in concrete ? concrete.env : {};
    for (const name of lost) if (env[envVarName('OPSDECK_VAR_', name)] === lostCapture(name)) delete env[envVarName('OPSDECK_VAR_', name)];
    const text = JSON.stringify(concrete);
    const needed = lost.filter((name) => text.includes(lostCapture(name)) || (concrete.kind === 'shell' && concrete.script.includes(envVarName('OPSDECK_VAR_', name))));
    if (needed.length) throw new Error(`${needed.map((n) => `capture "${n}"`).join(', ')} held a secret, which is never written down, and the runner that captured it died: it is gone. Stop or roll back, and start a new run to capture it again`);
    return concrete;
  }

  private describe(body: StepBody): string {
    try {
      return this.mask(concreteText(this.concrete(body)));
    } catch (e) {
      return `(cannot expand: ${this.mask(errorMessage(e))})`;
    }
  }

  private async execute(step: PlannedStep, body: StepBody, phase: StepPhase, attempt: number): Promise<void> {
    const id = step.step.id;
    let concrete: ConcreteStep;
    const started = this.now();
    try {
      concrete = this.concrete(body);
    } catch (e) {
      await this.emit({ type: 'step-started', at: started, stepId: id, phase, attempt, command: '(not expanded)' });
      return this.emit({ type: 'step-finished', at: this.now(), stepId: id, phase, attempt, outcome: 'failed', durationMs: 0, tail: [], error: this.mask(errorMessage(e)) });
    }
    const command = this.mask(concreteText(concrete));
    const affected = concrete.kind === 'service' ? concrete.services : this.plan.runbook.guard;
    const changes = concrete.kind !== 'wait_healthy' && concrete.kind !== 'manual';
    if (changes && this.deps.healthOf && affected.length) await this.snapshot(id, 'before', affected);
    await this.emit({ type: 'step-started', at: started, stepId: id, phase, attempt, command });
    this.stepAbort = new AbortController();
    const signal = this.stepAbort.signal;
    const capture = phase === 'main' ? step.step.capture : undefined;
    let r: BodyResult;
    try {
      if (concrete.kind === 'run' || concrete.kind === 'shell') {
        r = await runProcessStep(concrete, {
          cwd: this.cwd(concrete.cwd), graceMs: this.deps.graceMs, signal, keepStdout: !!capture,
          // Output is masked with the profile's secrets AND the run's secret inputs.
          redactor: { redact: (t) => this.mask(t), longestSecret: this.deps.redactor.longestSecret },
          onLine: (stream, line) => void this.emit({ type: 'step-output', at: this.now(), stepId: id, phase, stream, line }),
        });
      } else if (concrete.kind === 'manual') r = await this.manualBody(step, phase, command, concrete.text);
      else r = await runServiceStep(concrete, this.deps.services, signal);
    } catch (e) {
      r = { outcome: 'failed', tail: [errorMessage(e)], error: errorMessage(e) };
    } finally {
      this.stepAbort = undefined;
    }
    const { outcome, exitCode } = r;
    const error = r.error === undefined ? undefined : this.mask(r.error);
    const tail = r.tail.map((l) => this.mask(l));
    const capturedValue = outcome === 'succeeded' && capture ? (r.stdout ?? '').trim() : undefined;
    if (capturedValue !== undefined) this.captured[step.step.capture!] = capturedValue;
    if (changes && this.deps.healthOf && affected.length) await this.snapshot(id, 'after', affected);
    await this.emit({
      type: 'step-finished', at: this.now(), stepId: id, phase, attempt, outcome, exitCode, durationMs: this.now() - started, tail, error,
      captured: capturedValue !== undefined ? { name: step.step.capture!, value: this.mask(capturedValue) } : undefined,
    });
  }

  /** A manual rollback: the operator does it and says so. */
  private async manualBody(step: PlannedStep, phase: StepPhase, command: string, text: string): Promise<BodyResult> {
    const typed = step.confirm === 'typed';
    const env = this.plan.environment.name;
    const ans = await this.ask({ purpose: 'manual', level: typed ? 'typed' : 'confirm', expected: typed ? env : undefined, stepId: step.step.id, command, prompt: `Manual ${phase} for step ${step.step.id}: do it, then confirm`, choices: ['no', 'yes'], instructions: text });
    const ok = ans.choice === 'yes' && (!typed || ans.typed === env);
    return ok ? { outcome: 'succeeded', tail: ['done (confirmed by the operator)'] } : { outcome: 'failed', tail: [], error: 'not confirmed by the operator' };
  }

  private cwd(dir: string | undefined): string {
    if (!dir) return this.deps.baseDir;
    return isAbsolute(dir) ? dir : resolve(this.deps.baseDir, dir);
  }

  private async snapshot(stepId: string, when: 'before' | 'after', services: readonly string[]): Promise<void> {
    try {
      await this.emit({ type: 'health-snapshot', at: this.now(), stepId, when, services: await this.deps.healthOf!(services) });
    } catch {
      /* evidence is best effort: never block a step on it */
    }
  }

  private async finish(outcome: RunEvent & { type: 'run-finished' } extends { outcome: infer O } ? O : never, rolledBack: boolean, message: string): Promise<void> {
    if (this.deps.auditHead) {
      // Everything before is journaled and audited first: the seal covers the run's last step.
      await this.journalChain;
      const head = this.deps.auditHead();
      if (head) await this.emit({ type: 'audit-head', at: this.now(), seq: head.seq, hash: head.hash });
    }
    await this.emit({ type: 'run-finished', at: this.now(), outcome, rolledBack, message: this.mask(message), durationMs: this.now() - (this.state.startedAt ?? this.now()) });
  }

  private mask(s: string): string {
    let out = this.deps.redactor.redact(s);
    for (const name of this.plan.secretInputs) {
      const v = this.plan.inputs[name];
      if (v && v.length >= 4) out = out.split(v).join(MASK);
    }
    return out;
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

/** A copy with every string masked (the definition journaled at the start). */
function maskStrings<T>(value: T, mask: (s: string) => string): T {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' ? mask(v) : v)) as T;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Stands in for a lost capture while a step is expanded, to see whether the step uses it. */
const lostCapture = (name: string): string => `<<opsdeck:lost-capture:${name}>>`;
