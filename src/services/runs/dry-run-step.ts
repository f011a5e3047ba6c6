// A step in a dry run: nothing runs. Only a health wait is simulated (reading health changes
// nothing); the rest says what it would do, and what it cannot simulate (rollback, capture).
import { dryRunLine } from '../../domain/runbook/dry-run.js';
import type { PlannedStep } from '../../domain/runbook/plan.js';
import type { RunnerContext } from './runner-context.js';

export async function dryRunStep(ctx: RunnerContext, step: PlannedStep): Promise<void> {
  const s = step.step;
  const cmd = ctx.expander.describe(s);
  let health: Record<string, string> | undefined;
  if (s.action.kind === 'wait_healthy' && ctx.deps.healthOf) health = await ctx.deps.healthOf(s.action.services).catch(() => undefined);
  const tail = [dryRunLine(s.action.kind, cmd, health)];
  if (s.rollback) tail.push(`rollback NOT simulated (would run: ${ctx.expander.describe(s.rollback)})`);
  if (s.capture) tail.push(`capture NOT simulated: later steps see "<output of step ${s.id}>" instead of ${s.capture}`);
  return ctx.emit({
    type: 'step-finished', at: ctx.now(), stepId: s.id, phase: 'main', attempt: 1, outcome: 'dry-run', durationMs: 0, tail,
    captured: s.capture ? { name: s.capture, value: `<output of step ${s.id}>` } : undefined,
  });
}
