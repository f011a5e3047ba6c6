import { describe, it, expect } from 'vitest';
import { profileFrom, runbookFrom } from '../../helpers/runbook-fixtures.js';
import { plan, concretize } from '../../../src/domain/runbook/plan.js';
import { initialRunState, nextAction, reduceRun, replay, type RunState } from '../../../src/domain/runbook/run-state.js';
import { resolveInputs } from '../../../src/domain/runbook/inputs.js';
import type { RunEvent, StepOutcome } from '../../../src/domain/runbook/run-events.js';

const profile = profileFrom();
const at = 1;

const RB = `
name: t
inputs:
  - { name: version, pattern: "[0-9]+\\\\.[0-9]+\\\\.[0-9]+(-bad)?" }
  - { name: color, choices: [red, blue], default: red }
steps:
  - { id: a, run: [echo, "v={{ inputs.version }}", "{{ vars.data_dir }}"], capture: out, rollback: { run: [echo, undo-a] } }
  - { id: b, shell: "echo $OPSDECK_INPUT_VERSION", rollback: { shell: "echo undo-b" } }
  - { id: c, service: { restart: [api] }, confirm: true }
  - { id: d, wait_healthy: [api], timeout: 5s, retries: 2 }
  - { id: e, manual: "check {{ vars.out }}", when: [staging] }
  - { id: f, run: ["true"], continue_on_error: true, rollback: { run: [echo, undo-f] } }
on_failure: rollback
`;

function started(): RunEvent {
  return { type: 'run-started', at, runId: 'r1', runbook: 't', title: 't', kind: 'other', profile: 'shop', environment: 'local', protected: false, dryRun: false, inputs: {}, onFailure: 'rollback', plan: [], user: 'u', host: 'h', pid: 1 };
}
const fin = (stepId: string, outcome: StepOutcome, attempt = 1, phase: 'main' | 'rollback' = 'main', captured?: { name: string; value: string }): RunEvent => ({ type: 'step-finished', at, stepId, phase, attempt, outcome, durationMs: 1, tail: [], captured });

describe('inputs', () => {
  const rb = runbookFrom(RB, profile);
  it('applies defaults, checks pattern (whole value) and choices, names the input', () => {
    expect(resolveInputs(rb, { version: '1.2.3' })).toEqual({ values: { version: '1.2.3', color: 'red' }, problems: [] });
    expect(resolveInputs(rb, { version: '1.2.3; rm -rf /' }).problems).toEqual([{ input: 'version', message: expect.stringContaining('does not match the pattern') }]);
    expect(resolveInputs(rb, { version: '1.2.3', color: 'green' }).problems[0]!.message).toMatch(/input "color": "green" is not one of the choices: red, blue/);
    expect(resolveInputs(rb, {}).problems[0]!.message).toMatch(/input "version" is required.*--input version=VALUE/);
    expect(resolveInputs(rb, { version: '1.2.3', verson: 'x' }).problems[0]!.message).toMatch(/unknown input "verson" \(did you mean "version"\?\)/);
  });
});

describe('plan', () => {
  const rb = runbookFrom(RB, profile);
  it('fills commands per argv element, names captured vars, skips by when, marks confirmation levels', () => {
    const p = plan(rb, profile.environments.local!, { version: '1.2.3', color: 'red' }, { estimates: { a: 1200 } });
    expect(p.steps.map((s) => [s.step.id, s.command, s.confirm, s.skipped ?? ''])).toEqual([
      ['a', 'echo v=1.2.3 /tmp/shop', 'none', ''],
      ['b', "/bin/sh -c 'echo $OPSDECK_INPUT_VERSION'", 'none', ''],
      ['c', 'restart api', 'confirm', ''],
      ['d', 'wait until api healthy (timeout 5s)', 'none', ''],
      ['e', 'manual: check <output of step a>', 'confirm', 'when'],
      ['f', 'true', 'none', ''],
    ]);
    expect(p.steps[0]!.estimateMs).toBe(1200);
    expect(p.steps[0]!.rollbackCommand).toBe('echo undo-a');
  });
  it('makes every confirmation typed in a protected environment', () => {
    const p = plan(rb, profile.environments.production!, { version: '1.2.3' });
    expect(p.steps.map((s) => s.confirm)).toEqual(['none', 'none', 'typed', 'none', 'typed', 'none']);
  });
  it('keeps a hostile value inside one argv element and passes inputs/vars to processes only as env vars', () => {
    const p = plan(rb, profile.environments.local!, { version: '$(touch /tmp/pwned); `x` --rm\n' });
    const c = concretize(p.steps[0]!.step, p.inputs, { data_dir: '/d', 'out-x': 'y' });
    expect(c).toMatchObject({ kind: 'run', argv: ['echo', 'v=$(touch /tmp/pwned); `x` --rm\n', '/d'] });
    const sh = concretize(p.steps[1]!.step, p.inputs, { data_dir: '/d', 'out-x': 'y' });
    expect(sh).toMatchObject({ kind: 'shell', script: 'echo $OPSDECK_INPUT_VERSION', env: { OPSDECK_INPUT_VERSION: '$(touch /tmp/pwned); `x` --rm\n', OPSDECK_VAR_DATA_DIR: '/d', OPSDECK_VAR_OUT_X: 'y' } });
  });
});

describe('run state machine', () => {
  const rb = runbookFrom(RB, profile);
  const p = plan(rb, profile.environments.local!, { version: '1.2.3', color: 'red' });
  const fold = (events: RunEvent[]): RunState => events.reduce(reduceRun, initialRunState(p));

  it('walks run → shell → confirm → service → wait (retries) → when-skip → continue_on_error → finish, with capture', () => {
    let s = fold([started()]);
    expect(nextAction(s)).toMatchObject({ type: 'run', step: { step: { id: 'a' } }, attempt: 1 });
    s = reduceRun(s, fin('a', 'succeeded', 1, 'main', { name: 'out', value: 'hello' }));
    expect(s.captured).toEqual({ out: 'hello' });
    expect(nextAction(s)).toMatchObject({ type: 'run', step: { step: { id: 'b' } } });
    s = reduceRun(s, fin('b', 'succeeded'));
    expect(nextAction(s)).toMatchObject({ type: 'confirm', step: { step: { id: 'c' } } });
    s = reduceRun(s, { type: 'confirmation-answered', at, requestId: 'c1', stepId: 'c', purpose: 'step', choice: 'yes' });
    expect(nextAction(s)).toMatchObject({ type: 'run', step: { step: { id: 'c' } } });
    s = reduceRun(s, fin('c', 'succeeded'));
    // d: timeout counts as a failure and is retried twice (3 attempts), then fails the run
    s = reduceRun(s, fin('d', 'timed-out', 1));
    expect(nextAction(s)).toMatchObject({ type: 'run', step: { step: { id: 'd' } }, attempt: 2 });
    s = reduceRun(s, fin('d', 'failed', 2));
    s = reduceRun(s, fin('d', 'succeeded', 3));
    expect(nextAction(s)).toMatchObject({ type: 'skip', step: { step: { id: 'e' } }, reason: 'when' });
    s = reduceRun(s, { type: 'step-skipped', at, stepId: 'e', reason: 'when' });
    s = reduceRun(s, fin('f', 'failed'));
    expect(s.steps.f!.continued).toBe(true);
    expect(nextAction(s)).toMatchObject({ type: 'finish', outcome: 'succeeded', message: expect.stringContaining('failed but continued: f') });
  });

  it('rolls back completed steps that have a rollback, newest first, after retries are exhausted', () => {
    let s = fold([started(), fin('a', 'succeeded'), fin('b', 'succeeded'), { type: 'confirmation-answered', at, requestId: 'c1', stepId: 'c', purpose: 'step', choice: 'yes' }, fin('c', 'succeeded')]);
    for (let i = 1; i <= 3; i++) s = reduceRun(s, fin('d', 'failed', i));
    const a = nextAction(s);
    expect(a).toMatchObject({ type: 'decide-failure', defaultChoice: 'rollback', outcome: 'failed' });
    s = reduceRun(s, { type: 'failure-decision', at, stepId: 'd', choice: 'rollback' });
    expect(s.rollbackQueue).toEqual(['b', 'a']);
    expect(nextAction(s)).toMatchObject({ type: 'rollback', step: { step: { id: 'b' } } });
    s = reduceRun(s, fin('b', 'succeeded', 1, 'rollback'));
    expect(nextAction(s)).toMatchObject({ type: 'rollback', step: { step: { id: 'a' } } });
    s = reduceRun(s, fin('a', 'succeeded', 1, 'rollback'));
    expect(nextAction(s)).toMatchObject({ type: 'finish', outcome: 'failed', rolledBack: true, message: 'step d failed; rolled back 2 step(s)' });
  });

  it('an abort is never retried; a declined confirmation stops the run before the step', () => {
    let s = fold([started(), { type: 'confirmation-answered', at, requestId: 'x', purpose: 'abort', choice: 'abort', stepId: 'a' }, fin('a', 'aborted')]);
    expect(nextAction(s)).toMatchObject({ type: 'decide-failure', outcome: 'aborted', defaultChoice: 'stop' });
    s = reduceRun(s, { type: 'failure-decision', at, stepId: 'a', choice: 'stop' });
    expect(nextAction(s)).toMatchObject({ type: 'finish', outcome: 'aborted' });
    // Declined with completed steps that have a rollback: the run offers to undo all of them.
    const d = fold([started(), fin('a', 'succeeded'), fin('b', 'succeeded'), { type: 'confirmation-answered', at, requestId: 'c1', stepId: 'c', purpose: 'step', choice: 'no' }]);
    expect(nextAction(d)).toMatchObject({ type: 'decide-decline', step: { step: { id: 'c' } }, undo: ['b', 'a'] });
    expect(d.steps.c!.status).toBe('pending');
    const stopped = reduceRun(d, { type: 'failure-decision', at, stepId: 'c', choice: 'stop', declined: true });
    expect(nextAction(stopped)).toMatchObject({ type: 'finish', outcome: 'stopped', rolledBack: false });
    // What stays changed is said: the completed steps that change things, not rolled back.
    expect((nextAction(stopped) as { message: string }).message).toMatch(/^confirmation c declined; done and not rolled back: a, b$/);
  });

  it('a declined step rolled back: every completed step with a rollback, newest first; the run is stopped, not failed', () => {
    let d = fold([started(), fin('a', 'succeeded'), fin('b', 'succeeded'), { type: 'confirmation-answered', at, requestId: 'c1', stepId: 'c', purpose: 'step', choice: 'no' }]);
    d = reduceRun(d, { type: 'failure-decision', at, stepId: 'c', choice: 'rollback', declined: true });
    expect(d.rollbackQueue).toEqual(['b', 'a']);
    expect(nextAction(d)).toMatchObject({ type: 'rollback', step: { step: { id: 'b' } } });
    d = reduceRun(d, fin('b', 'succeeded', 1, 'rollback'));
    expect(nextAction(d)).toMatchObject({ type: 'rollback', step: { step: { id: 'a' } } });
    d = reduceRun(d, fin('a', 'succeeded', 1, 'rollback'));
    expect(nextAction(d)).toEqual({ type: 'finish', outcome: 'stopped', rolledBack: true, message: 'confirmation c declined; rolled back 2 step(s)' });
    // Nothing to undo (no completed step has a rollback): it stops at once, as before.
    const none = fold([started(), { type: 'confirmation-answered', at, requestId: 'c1', stepId: 'a', purpose: 'step', choice: 'no' }]);
    expect(nextAction(none)).toMatchObject({ type: 'finish', outcome: 'stopped', rolledBack: false, message: 'confirmation a declined' });
  });

  it('dry run walks every step without confirmations', () => {
    const dp = plan(rb, profile.environments.local!, { version: '1.2.3' }, { dryRun: true });
    let s = reduceRun(initialRunState(dp), started());
    const seen: string[] = [];
    for (let a = nextAction(s); a.type !== 'finish'; a = nextAction(s)) {
      seen.push(`${a.type}:${'step' in a ? a.step.step.id : ''}`);
      s = a.type === 'skip' ? reduceRun(s, { type: 'step-skipped', at, stepId: a.step.step.id, reason: 'when' }) : reduceRun(s, fin((a as { step: { step: { id: string } } }).step.step.id, 'dry-run'));
    }
    expect(seen).toEqual(['dry-run:a', 'dry-run:b', 'dry-run:c', 'dry-run:d', 'skip:e', 'dry-run:f']);
    expect(nextAction(s)).toMatchObject({ type: 'finish', outcome: 'succeeded', message: 'dry run: nothing was changed' });
  });

  it('replaying a journal with an interrupted step asks re-run / mark done / abort, never re-runs a completed one', () => {
    const events: RunEvent[] = [started(), fin('a', 'succeeded'), { type: 'step-started', at, stepId: 'b', phase: 'main', attempt: 1, command: 'x' }, { type: 'run-resumed', at, interruptedStepId: 'b', pid: 2 }];
    let s = replay(p, events);
    expect(nextAction(s)).toMatchObject({ type: 'decide-interrupted', step: { step: { id: 'b' } } });
    s = reduceRun(s, { type: 'confirmation-answered', at, requestId: 'c9', stepId: 'b', purpose: 'interrupted', choice: 'mark-done' });
    expect(nextAction(s)).toMatchObject({ type: 'confirm', step: { step: { id: 'c' } } });
    expect(s.completed).toEqual(['a', 'b']);
  });
});
