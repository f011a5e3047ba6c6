// One fold of a run's journal serves two readers: `history`/`show`/`resume` (summarizeRun,
// completedStepIds: what must never run again) and what an attached console says when the
// runner died (runStanding: "N of M step(s) done, step X did not finish"). The two count
// differently on purpose; each row shows both answers for the same journal.
import { describe, expect, it } from 'vitest';
import { completedStepIds, runStanding, summarizeRun } from '../../../src/domain/runbook/run-summary.js';
import type { RunEvent } from '../../../src/domain/runbook/run-events.js';

const T = Date.UTC(2026, 10, 23, 19, 0, 0);
const step = (id: string, extra: object = {}) => ({ id, title: id, kind: 'run' as const, command: `echo ${id}`, confirm: 'none' as const, retries: 0, hasRollback: true, ...extra });
const started = (plan = [step('a'), step('b'), step('c')], dryRun = false): RunEvent => ({
  type: 'run-started', at: T, runId: 'r1', runbook: 'rb', title: 'RB', kind: 'ops', profile: 'p', environment: 'local', protected: false, dryRun,
  inputs: {}, onFailure: 'rollback', plan, user: 'u', host: 'h', pid: 1,
});
const start = (stepId: string, phase: 'main' | 'rollback' = 'main', attempt = 1): RunEvent => ({ type: 'step-started', at: T + 1, stepId, phase, attempt, command: `echo ${stepId}` });
const finish = (stepId: string, outcome: 'succeeded' | 'failed' | 'dry-run' = 'succeeded', phase: 'main' | 'rollback' = 'main', attempt = 1): RunEvent => ({ type: 'step-finished', at: T + 2, stepId, phase, attempt, outcome, durationMs: 1, tail: [] });
const resumed = (interruptedStepId?: string): RunEvent => ({ type: 'run-resumed', at: T + 10, pid: 2, ...(interruptedStepId ? { interruptedStepId } : {}) });
const decided = (stepId: string, choice: 'mark-done' | 'rerun'): RunEvent => ({ type: 'confirmation-answered', at: T + 11, requestId: 'q', stepId, purpose: 'interrupted', choice });
const skipped = (stepId: string): RunEvent => ({ type: 'step-skipped', at: T + 3, stepId, reason: 'when', detail: 'only in prod' });

const rows: Array<{ name: string; events: RunEvent[]; completed: string[]; current?: string; standing: ReturnType<typeof runStanding> }> = [
  { name: 'died during b', events: [started(), start('a'), finish('a'), start('b')], completed: ['a'], current: 'b', standing: { running: 'b', phase: 'main', finished: 1, total: 3 } },
  { name: 'died between steps', events: [started(), start('a'), finish('a')], completed: ['a'], standing: { running: undefined, phase: undefined, finished: 1, total: 3 } },
  { name: 'died during the rollback of a', events: [started(), start('a'), finish('a'), start('b'), finish('b', 'failed'), start('a', 'rollback')], completed: ['a'], current: 'a', standing: { running: 'a', phase: 'rollback', finished: 1, total: 3 } },
  { name: 'a retry that succeeded counts once', events: [started(), start('a'), finish('a', 'failed'), start('a', 'main', 2), finish('a', 'succeeded', 'main', 2)], completed: ['a'], standing: { running: undefined, phase: undefined, finished: 1, total: 3 } },
  {
    name: 'resumed, and the new runner died too while asking about b: still in b',
    events: [started(), start('a'), finish('a'), start('b'), resumed('b')], completed: ['a'], current: 'b', standing: { running: 'b', phase: 'main', finished: 1, total: 3 },
  },
  {
    name: 'a third runner (its resume names no step): still in b',
    events: [started(), start('a'), finish('a'), start('b'), resumed('b'), resumed()], completed: ['a'], current: 'b', standing: { running: 'b', phase: 'main', finished: 1, total: 3 },
  },
  {
    // marked done: never run again, yet not counted as done in what attach says. The run no
    // longer stands in b (attach used to say "during step b … step b did not finish" here).
    name: 'b marked done after the crash, died before c',
    events: [started(), start('a'), finish('a'), start('b'), resumed('b'), decided('b', 'mark-done')], completed: ['a', 'b'], standing: { running: undefined, phase: undefined, finished: 1, total: 3 },
  },
  {
    name: 'b re-run after the crash, died during it',
    events: [started(), start('a'), finish('a'), start('b'), resumed('b'), decided('b', 'rerun'), start('b')], completed: ['a'], current: 'b', standing: { running: 'b', phase: 'main', finished: 1, total: 3 },
  },
  {
    // the plan says b is skipped: counted once the runner passed it by, not before
    name: 'a when-skipped step not reached yet',
    events: [started([step('a'), step('b', { skipped: 'when' }), step('c')]), start('a')], completed: [], current: 'a', standing: { running: 'a', phase: 'main', finished: 0, total: 3 },
  },
  {
    name: 'a when-skipped step passed by',
    events: [started([step('a'), step('b', { skipped: 'when' }), step('c')]), start('a'), finish('a'), skipped('b'), start('c')], completed: ['a'], current: 'c', standing: { running: 'c', phase: 'main', finished: 2, total: 3 },
  },
  {
    // dry-run steps are settled for resume, not "done" for attach
    name: 'a dry run died during b',
    events: [started(undefined, true), start('a'), finish('a', 'dry-run'), start('b')], completed: ['a'], current: 'b', standing: { running: 'b', phase: 'main', finished: 0, total: 3 },
  },
  { name: 'no run-started yet', events: [], completed: [], standing: { finished: 0, total: 0 } },
];

describe('one journal fold, two readers', () => {
  it.each(rows)('$name', ({ events, completed, current, standing }) => {
    const summary = summarizeRun(events);
    expect(summary ? completedStepIds(summary) : []).toEqual(completed);
    expect(summary?.currentStepId).toBe(current);
    expect(runStanding(summary)).toEqual(standing);
  });

  it('the plan-skipped step is skipped in the summary from the start; skippedAt says when the runner passed it', () => {
    const plan = [step('a'), step('b', { skipped: 'when' })];
    expect(summarizeRun([started(plan)])!.steps[1]).toMatchObject({ skipped: 'when' });
    expect(summarizeRun([started(plan)])!.steps[1]!.skippedAt).toBeUndefined();
    expect(summarizeRun([started(plan), skipped('b')])!.steps[1]).toMatchObject({ skipped: 'when: only in prod', skippedAt: T + 3 });
  });
});
