// The pure parts of the runbook screens: key tables (descriptions, no clashes), the keys of a
// runner question, the inputs form's validation, the run view fold, and step estimates.
import { describe, expect, it } from 'vitest';
import { checkKeyTables } from '../../../src/ui/keys/key-table.js';
import { GLOBAL_KEYS } from '../../../src/ui/keys/global-keys.js';
import { HISTORY_KEYS, INPUTS_KEYS, PLAN_KEYS, REPORT_KEYS, RUNBOOK_LIST_KEYS, RUN_FINISHED_KEYS, RUN_IDLE_KEYS, RUN_KEYS } from '../../../src/ui/screens/runbooks/runbooks-keys.js';
import { promptKeys } from '../../../src/ui/screens/runbooks/prompt-keys.js';
import { CHANGE_REF, cycleChoice, fieldProblem, formFields, formProblems, initialValues, splitValues } from '../../../src/ui/screens/runbooks/inputs-form-model.js';
import { foldRunView, focusIndex, type RunView } from '../../../src/domain/runbook/run-view.js';
import { estimatesFrom } from '../../../src/domain/runbook/run-estimates.js';
import { summarizeRun } from '../../../src/domain/runbook/run-summary.js';
import type { RunEvent } from '../../../src/domain/runbook/run-events.js';
import type { ConfirmRequest } from '../../../src/ports/confirmer.js';
import { oneLine, runbookTitle } from '../../../src/ui/presentation/runbook-text.js';
import { createRunViewStore } from '../../../src/state/run-view-store.js';
import { runbookFrom } from '../../helpers/runbook-fixtures.js';

const ask = (r: Partial<ConfirmRequest>): ConfirmRequest => ({ id: 'c1', runId: 'r', purpose: 'step', level: 'confirm', environment: 'local', prompt: 'p', choices: ['no', 'yes', 'skip'], defaultChoice: 'no', ...r });

describe('runbook key tables', () => {
  it('describe every action and do not clash with the global keys (Ctrl-C is a declared override)', () => {
    expect(checkKeyTables({ list: RUNBOOK_LIST_KEYS, plan: PLAN_KEYS, run: RUN_KEYS, runIdle: RUN_IDLE_KEYS, runFinished: RUN_FINISHED_KEYS, history: HISTORY_KEYS, report: REPORT_KEYS, inputs: INPUTS_KEYS }, GLOBAL_KEYS)).toEqual([]);
  });

  it.each<[string, ConfirmRequest, Record<string, string>]>([
    ['y/N: Enter and n answer no, Esc steps away (the question waits)', ask({}), { y: 'yes', s: 'skip', n: 'no', enter: 'no', escape: 'leave' }],
    ['abort: y or a aborts, Enter and Esc keep running', ask({ purpose: 'abort', choices: ['no', 'abort'] }), { y: 'abort', a: 'abort', enter: 'no', escape: 'no' }],
    ['failure: Enter takes the default (rollback)', ask({ purpose: 'failure', choices: ['rollback', 'retry', 'skip', 'stop'], defaultChoice: 'rollback' }), { r: 'rollback', t: 'retry', s: 'skip', x: 'stop', enter: 'rollback', escape: 'leave' }],
    ['interrupted step', ask({ purpose: 'interrupted', choices: ['abort', 'rerun', 'mark-done'], defaultChoice: 'abort' }), { a: 'abort', r: 'rerun', m: 'mark-done', enter: 'abort', escape: 'leave' }],
    ['guard pause: retry (check again), roll back, continue, stop', ask({ purpose: 'guard', choices: ['stop', 'rollback', 'retry', 'continue'], defaultChoice: 'stop' }), { t: 'retry', r: 'rollback', c: 'continue', x: 'stop', enter: 'stop', escape: 'leave' }],
    ['typed: Enter submits (nothing typed: no), Esc steps away', ask({ level: 'typed', expected: 'production' }), { enter: 'submit', escape: 'leave' }],
  ])('%s', (_name, request, expected) => {
    const table = promptKeys(request);
    expect(checkKeyTables({ prompt: table }, [])).toEqual([]);
    for (const [key, action] of Object.entries(expected)) expect(table.find((b) => b.keys.includes(key))?.action).toBe(action);
    expect(table.every((b) => b.description.length > 0)).toBe(true);
  });

  it('a guard pause says retry checks health again (it read "retry the step", but no step re-runs)', () => {
    const table = promptKeys(ask({ purpose: 'guard', choices: ['stop', 'rollback', 'retry', 'continue'], defaultChoice: 'stop' }));
    expect(table.find((b) => b.action === 'retry')?.description).toBe('retry (check health again)');
  });
});

describe('inputs form model', () => {
  const rb = runbookFrom(`
name: t
inputs:
  - { name: who, pattern: "[a-z]+" }
  - { name: colour, choices: [red, green], default: green }
  - { name: archive, choices_from: [ls] }
  - { name: pw, secret: true }
steps: [{ id: s, run: [echo, hi] }]
`);

  it('builds one field per input, the change reference first in a protected environment', () => {
    const fields = formFields(rb, true, { archive: ['a.tar', 'b.tar'] });
    expect(fields.map((f) => [f.key, f.kind])).toEqual([[CHANGE_REF, 'text'], ['who', 'text'], ['colour', 'choice'], ['archive', 'choice'], ['pw', 'secret']]);
    expect(initialValues(fields)).toMatchObject({ colour: 'green', who: '' });
  });

  it('checks pattern, choices, required and the change reference', () => {
    const fields = formFields(rb, true, { archive: ['a.tar'] });
    const f = (k: string) => fields.find((x) => x.key === k)!;
    expect(fieldProblem(f('who'), 'Bob')).toMatch(/does not match the pattern/);
    expect(fieldProblem(f('who'), 'bob')).toBeUndefined();
    expect(fieldProblem(f('who'), '')).toBe('required');
    expect(fieldProblem(f('archive'), '')).toMatch(/choose one of 1/);
    expect(fieldProblem(f('archive'), 'x.tar')).toMatch(/not one of the choices/);
    expect(fieldProblem(f(CHANGE_REF), '  ')).toMatch(/change reference is required/);
    expect(Object.keys(formProblems(fields, { [CHANGE_REF]: 'T-1', who: 'bob', colour: 'red', archive: 'a.tar', pw: 'x-secret' }))).toEqual([]);
    expect(splitValues({ [CHANGE_REF]: ' T-1 ', who: 'bob' })).toEqual({ inputs: { who: 'bob' }, changeRef: 'T-1' });
  });

  it('cycles choices both ways, wrapping', () => {
    const colour = formFields(rb, false, { archive: [] }).find((x) => x.key === 'colour')!;
    expect(cycleChoice(colour, 'green', 1)).toBe('red');
    expect(cycleChoice(colour, 'red', -1)).toBe('green');
    expect(cycleChoice(colour, '', 1)).toBe('red');
  });
});

describe('run view', () => {
  const started: RunEvent = {
    type: 'run-started', at: 1000, runId: 'r1', runbook: 'rb', title: 'RB', kind: 'other', profile: 'p', environment: 'local', protected: false, dryRun: false,
    inputs: {}, onFailure: 'stop', user: 'u', host: 'h', pid: 1,
    plan: [
      { id: 'a', title: 'A', kind: 'run', command: 'echo a', confirm: 'none', retries: 0, hasRollback: false, estimateMs: 100 },
      { id: 'b', title: 'B', kind: 'run', command: 'echo b', confirm: 'confirm', retries: 0, hasRollback: false },
    ],
  };
  const events: RunEvent[] = [
    started,
    { type: 'step-started', at: 1100, stepId: 'a', phase: 'main', attempt: 1, command: 'echo a' },
    { type: 'step-output', at: 1150, stepId: 'a', phase: 'main', stream: 'stdout', line: 'a' },
    { type: 'step-finished', at: 1200, stepId: 'a', phase: 'main', attempt: 1, outcome: 'succeeded', exitCode: 0, durationMs: 100, tail: ['a'] },
    { type: 'confirmation-answered', at: 1300, requestId: 'c1', stepId: 'b', purpose: 'step', choice: 'skip' },
    { type: 'run-finished', at: 1400, outcome: 'succeeded', rolledBack: false, durationMs: 400, message: 'all steps done' },
  ];

  it('folds the journal stream into steps, the current one, and the outcome', () => {
    let v: RunView | undefined;
    const seen: (RunView | undefined)[] = [];
    for (const e of events) seen.push((v = foldRunView(v, e)));
    expect(seen[2]).toBe(seen[1]); // output lines do not change the view
    expect(seen[1]!.current?.stepId).toBe('a');
    expect(focusIndex(seen[1]!)).toBe(0);
    expect(v!.steps.map((s) => [s.plan.id, s.status])).toEqual([['a', 'succeeded'], ['b', 'skipped']]);
    expect(v!.outcome).toBe('succeeded');
    expect(v!.current).toBeUndefined();
  });

  it('a step rolling back carries its rollback command (the run screen shows it, not the step\'s own)', () => {
    let v: RunView | undefined;
    for (const e of events.slice(0, 4)) v = foldRunView(v, e);
    v = foldRunView(v, { type: 'step-started', at: 1500, stepId: 'a', phase: 'rollback', attempt: 1, command: 'echo undo-a' });
    expect(v!.current).toMatchObject({ stepId: 'a', phase: 'rollback' });
    expect(v!.steps[0]!.rollback).toEqual({ status: 'running', command: 'echo undo-a' });
    v = foldRunView(v, { type: 'step-finished', at: 1600, stepId: 'a', phase: 'rollback', attempt: 1, outcome: 'succeeded', exitCode: 0, durationMs: 100, tail: [] });
    expect(v!.steps[0]!.rollback).toEqual({ status: 'succeeded', durationMs: 100, command: 'echo undo-a' });
    expect(v!.current).toBeUndefined();
  });

  it('the store drops a question the run no longer asks: answered elsewhere, or the run ended', () => {
    const store = createRunViewStore('r');
    store.getState().event(started);
    store.getState().ask(ask({ id: 'c1', stepId: 'b' }));
    store.getState().event({ type: 'confirmation-answered', at: 1300, requestId: 'c0', stepId: 'b', purpose: 'step', choice: 'no' });
    expect(store.getState().pending?.id).toBe('c1'); // another question's answer
    store.getState().event({ type: 'confirmation-answered', at: 1300, requestId: 'c1', stepId: 'b', purpose: 'step', choice: 'no', via: 'default' });
    expect(store.getState().pending).toBeUndefined();
    store.getState().ask(ask({ id: 'c2', stepId: 'b' }));
    store.getState().event({ type: 'run-finished', at: 1400, outcome: 'stopped', rolledBack: false, durationMs: 400, message: 'stopped' });
    expect(store.getState().pending).toBeUndefined();
    store.getState().dispose();
  });

  it('estimates per step from past successful runs (median), ignoring dry runs', () => {
    const run = (ms: number, dryRun = false) => summarizeRun(events.map((e) => (e.type === 'step-finished' ? { ...e, durationMs: ms } : e.type === 'run-started' ? { ...e, dryRun } : e)))!;
    expect(estimatesFrom([run(100), run(300), run(200), run(5, true)])).toEqual({ a: 200 });
    expect(estimatesFrom([])).toEqual({});
  });
});

it('shows a script on one line', () => {
  expect(oneLine('set -e\n  echo a\necho b')).toBe('set -e ⏎ echo a ⏎ echo b');
  expect(oneLine('a\nb', true)).toBe('a | b');
});

it('marks a runbook title dry run only the same way in the runbook list and the matched runbooks', () => {
  expect(runbookTitle('Restart a wedged service', true)).toBe('[dry run only] Restart a wedged service');
  expect(runbookTitle('Restart a wedged service', false)).toBe('Restart a wedged service');
});
