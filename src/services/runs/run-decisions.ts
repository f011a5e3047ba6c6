// The runner's questions about the course of a run, outside any step: what to do after a step
// failed (the runbook's on_failure, or the operator when failureMode is 'ask'), after the
// operator declined a step (roll back what was done, or stop), and what to do with a step a dead
// runner left interrupted (re-run, mark done, abort).
import type { NextAction } from '../../domain/runbook/run-state.js';
import type { RunnerContext } from './runner-context.js';

type Action<T extends NextAction['type']> = Extract<NextAction, { type: T }>;

export async function decideFailure(ctx: RunnerContext, a: Action<'decide-failure'>): Promise<void> {
  let choice: 'rollback' | 'retry' | 'skip' | 'stop' = a.defaultChoice;
  const ask = ctx.deps.failureMode === 'ask';
  if (ask) {
    try {
      const ans = await ctx.questions.ask({ purpose: 'failure', level: 'confirm', stepId: a.step.step.id, prompt: `Step ${a.step.step.id} ${a.outcome}. What now?`, choices: a.choices });
      if ((a.choices as string[]).includes(ans.choice)) choice = ans.choice as typeof choice;
    } catch {
      /* nobody to ask: the runbook's default */
    }
  }
  await ctx.emit({ type: 'failure-decision', at: ctx.now(), stepId: a.step.step.id, choice, via: ask ? 'operator' : 'on_failure' });
  if (choice === 'rollback') await ctx.emit({ type: 'rollback-started', at: ctx.now(), steps: ctx.state().rollbackQueue, reason: `step ${a.step.step.id} ${a.outcome}` });
}

/** `unavailable` handles nobody being there to answer (stop, or park the run when resumable). */
export async function decideInterrupted(ctx: RunnerContext, a: Action<'decide-interrupted'>, unavailable: (e: unknown) => Promise<void>): Promise<void> {
  const id = a.step.step.id;
  try {
    const ans = await ctx.questions.ask({ purpose: 'interrupted', level: 'confirm', stepId: id, command: ctx.expander.describe(a.step.step), prompt: `Step ${id} was interrupted when the runner died. Re-run it, mark it done, or abort?`, choices: ['abort', 'rerun', 'mark-done'] });
    await ctx.questions.answered('interrupted', id, ans, ans.choice === 'rerun' || ans.choice === 'mark-done' ? ans.choice : 'abort');
  } catch (e) {
    await unavailable(e);
  }
}

/**
 * The operator declined a step with completed steps behind it that have a rollback: offer to
 * undo every one of them, newest first (as on_failure: rollback would), or to stop with them
 * done. Stop is the default, and what nobody there to answer gets: a rollback changes things too.
 */
export async function decideDecline(ctx: RunnerContext, a: Action<'decide-decline'>): Promise<void> {
  const id = a.step.step.id;
  let choice: 'rollback' | 'stop' = 'stop';
  let via = 'default';
  try {
    const ans = await ctx.questions.ask({ purpose: 'failure', level: 'confirm', stepId: id, prompt: `Step ${id} declined. Stop here, or roll back what was done (${a.undo.join(', ')}, newest first)?`, choices: ['stop', 'rollback'] });
    if (ans.choice === 'rollback') choice = 'rollback';
    via = 'operator';
  } catch {
    /* nobody to ask: stop, nothing more changes */
  }
  await ctx.emit({ type: 'failure-decision', at: ctx.now(), stepId: id, choice, via, declined: true });
  if (choice === 'rollback') await ctx.emit({ type: 'rollback-started', at: ctx.now(), steps: ctx.state().rollbackQueue, reason: `step ${id} declined` });
}
