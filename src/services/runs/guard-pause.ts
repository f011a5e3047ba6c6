// The guard check at a step boundary: when a guarded service regressed since the run started,
// the run pauses and the operator may retry (check again, e.g. after fixing it), roll back,
// continue or stop; nobody to ask stops.
import type { ConfirmChoice } from '../../domain/runbook/run-events.js';
import type { PlannedStep } from '../../domain/runbook/plan.js';
import { sleep, type RunnerContext } from './runner-context.js';

/** True to go on with `step`; false when the run was stopped or redirected (to a rollback). */
export async function passGuard(ctx: RunnerContext, step: PlannedStep): Promise<boolean> {
  for (;;) {
    const regressed = ctx.deps.guardCheck ? await ctx.deps.guardCheck() : undefined;
    if (!regressed || Object.keys(regressed).length === 0) return true;
    await ctx.emit({ type: 'guard-regression', at: ctx.now(), services: regressed });
    let choice: ConfirmChoice = 'stop';
    try {
      const ans = await ctx.questions.ask({ purpose: 'guard', level: 'confirm', stepId: step.step.id, prompt: `Guarded service(s) regressed: ${Object.entries(regressed).map(([k, v]) => `${k} ${v}`).join(', ')}. Stop, roll back, retry (check again), or continue?`, choices: ['stop', 'rollback', 'retry', 'continue'] });
      choice = ans.choice;
      await ctx.questions.answered('guard', step.step.id, ans, choice);
    } catch {
      await ctx.emit({ type: 'confirmation-answered', at: ctx.now(), requestId: ctx.questions.lastId, purpose: 'guard', choice: 'stop', stepId: step.step.id, via: 'default' });
    }
    if (choice === 'retry') {
      if (ctx.stopping()) return false;
      await sleep(ctx.deps.retryDelayMs ?? 1000);
      continue;
    }
    if (choice === 'continue') return true;
    if (choice === 'rollback') {
      await ctx.emit({ type: 'failure-decision', at: ctx.now(), stepId: step.step.id, choice: 'rollback', via: 'guard' });
      await ctx.emit({ type: 'rollback-started', at: ctx.now(), steps: ctx.state().rollbackQueue, reason: 'guarded service regressed' });
    }
    return false;
  }
}
