// Runs one step body (main or rollback) for the runner: expands it, takes health evidence
// around a step that changes something, runs the process / service action / manual task with
// masked output, and journals its start, output and outcome (with a captured value, masked).
import { errorMessage } from '../../domain/errors.js';
import { concreteText, type ConcreteStep, type PlannedStep } from '../../domain/runbook/plan.js';
import type { StepPhase } from '../../domain/runbook/run-events.js';
import type { StepBody } from '../../domain/runbook/runbook-model.js';
import { runProcessStep, runServiceStep, type BodyResult } from './step-actions.js';
import type { RunnerContext } from './runner-context.js';

export interface StepRun {
  step: PlannedStep;
  body: StepBody;
  phase: StepPhase;
  attempt: number;
  /** Given the running step's abort controller (Ctrl-C, stop), and undefined when it is over. */
  abortable(ctl: AbortController | undefined): void;
  /** Keeps a captured value unmasked for later steps of this runner. */
  keepCapture(name: string, value: string): void;
}

export async function executeStep(ctx: RunnerContext, run: StepRun): Promise<void> {
  const { step, body, phase, attempt } = run;
  const id = step.step.id;
  let concrete: ConcreteStep;
  const started = ctx.now();
  try {
    concrete = ctx.expander.concrete(body);
  } catch (e) {
    await ctx.emit({ type: 'step-started', at: started, stepId: id, phase, attempt, command: '(not expanded)' });
    return ctx.emit({ type: 'step-finished', at: ctx.now(), stepId: id, phase, attempt, outcome: 'failed', durationMs: 0, tail: [], error: ctx.mask(errorMessage(e)) });
  }
  const command = ctx.mask(concreteText(concrete));
  const affected = concrete.kind === 'service' ? concrete.services : ctx.plan.runbook.guard;
  const changes = concrete.kind !== 'wait_healthy' && concrete.kind !== 'manual';
  if (changes && ctx.deps.healthOf && affected.length) await snapshot(ctx, id, 'before', affected);
  await ctx.emit({ type: 'step-started', at: started, stepId: id, phase, attempt, command });
  const ctl = new AbortController();
  run.abortable(ctl);
  const capture = phase === 'main' ? step.step.capture : undefined;
  let r: BodyResult;
  try {
    if (concrete.kind === 'run' || concrete.kind === 'shell') {
      r = await runProcessStep(concrete, {
        hosts: ctx.plan.environment.hosts,
        cwd: ctx.expander.cwd(concrete.cwd), graceMs: ctx.deps.graceMs, signal: ctl.signal, keepStdout: !!capture,
        // Output is masked with the profile's secrets AND the run's secret inputs.
        redactor: { redact: ctx.mask, longestSecret: ctx.deps.redactor.longestSecret },
        onLine: (stream, line) => void ctx.emit({ type: 'step-output', at: ctx.now(), stepId: id, phase, stream, line }),
      });
    } else if (concrete.kind === 'manual') r = await manualBody(ctx, step, phase, command, concrete.text);
    else r = await runServiceStep(concrete, ctx.deps.services, ctl.signal);
  } catch (e) {
    r = { outcome: 'failed', tail: [errorMessage(e)], error: errorMessage(e) };
  } finally {
    run.abortable(undefined);
  }
  const { outcome, exitCode } = r;
  const error = r.error === undefined ? undefined : ctx.mask(r.error);
  const tail = r.tail.map(ctx.mask);
  const capturedValue = outcome === 'succeeded' && capture ? (r.stdout ?? '').trim() : undefined;
  if (capturedValue !== undefined) run.keepCapture(capture!, capturedValue);
  if (changes && ctx.deps.healthOf && affected.length) await snapshot(ctx, id, 'after', affected);
  await ctx.emit({
    type: 'step-finished', at: ctx.now(), stepId: id, phase, attempt, outcome, exitCode, durationMs: ctx.now() - started, tail, error,
    captured: capturedValue !== undefined ? { name: capture!, value: ctx.mask(capturedValue) } : undefined,
  });
}

/** A manual body (a manual rollback): the operator does it and says so. */
async function manualBody(ctx: RunnerContext, step: PlannedStep, phase: StepPhase, command: string, text: string): Promise<BodyResult> {
  const typed = step.confirm === 'typed';
  const env = ctx.plan.environment.name;
  const ans = await ctx.questions.ask({ purpose: 'manual', level: typed ? 'typed' : 'confirm', expected: typed ? env : undefined, stepId: step.step.id, command, prompt: `Manual ${phase} for step ${step.step.id}: do it, then confirm`, choices: ['no', 'yes'], instructions: text });
  const ok = ans.choice === 'yes' && (!typed || ans.typed === env);
  return ok ? { outcome: 'succeeded', tail: ['done (confirmed by the operator)'] } : { outcome: 'failed', tail: [], error: 'not confirmed by the operator' };
}

async function snapshot(ctx: RunnerContext, stepId: string, when: 'before' | 'after', services: readonly string[]): Promise<void> {
  try {
    await ctx.emit({ type: 'health-snapshot', at: ctx.now(), stepId, when, services: await ctx.deps.healthOf!(services) });
  } catch {
    /* evidence is best effort: never block a step on it */
  }
}
