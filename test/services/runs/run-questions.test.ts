// The runner's questions (issue 10, shape): one object owns the request ids and the stop signal.
// A stop request withdraws a pending question (the confirmer gets the signal; the run ends
// stopped instead of waiting forever), and every question and answer is journaled.
import { describe, expect, it } from 'vitest';
import { RunQuestions } from '../../../src/services/runs/run-questions.js';
import { OperatorUnavailable, type Confirmer } from '../../../src/ports/confirmer.js';
import type { RunEvent } from '../../../src/domain/runbook/run-events.js';
import { profileFrom, runbookFrom, PROFILE_YAML } from '../../helpers/runbook-fixtures.js';
import { makeRunner } from '../../helpers/runner-kit.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** An operator who never answers; it only sees the question withdrawn through the signal. */
class AbsentOperator implements Confirmer {
  withdrawn = 0;
  ask(_r: unknown, signal?: AbortSignal): Promise<never> {
    return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => {
      this.withdrawn++;
      reject(new Error('withdrawn'));
    }, { once: true }));
  }
}

/** An operator who types these names in turn (as the attach prompt passes what was typed). */
class TypingOperator implements Confirmer {
  constructor(private readonly names: string[]) {}
  ask(): Promise<{ choice: 'yes'; typed: string; via: string; by: string }> {
    return Promise.resolve({ choice: 'yes', typed: this.names.shift() ?? '', via: 'attach', by: 'ann@h' });
  }
}

describe('RunQuestions', () => {
  it('journals what was asked and answered, and the typed names refused before (issue 9: the audit said only "yes via attach")', async () => {
    const events: RunEvent[] = [];
    const q = new RunQuestions({ confirmer: new TypingOperator(['production', 'prod']), runId: () => 'r1', environment: 'prod', emit: async (e) => void events.push(e), now: () => 0 });
    expect(await q.confirmStep({ id: 'migrate', title: 'Migrate', typed: true, command: 'migrate' }, 'step')).toBe('yes');
    expect(events.filter((e) => e.type === 'confirmation-requested')).toHaveLength(2);
    expect(events.find((e) => e.type === 'confirmation-answered')).toMatchObject({ choice: 'yes', asked: 'typed "prod"', answer: '"prod"', refused: ['"production"'], via: 'attach', by: 'ann@h' });
  });

  it('numbers questions, journals them, and a stop withdraws the pending one', async () => {
    const events: RunEvent[] = [];
    const operator = new AbsentOperator();
    const q = new RunQuestions({ confirmer: operator, runId: () => 'r1', environment: 'local', emit: async (e) => void events.push(e), now: () => 0 });
    const pending = q.ask({ purpose: 'step', level: 'confirm', prompt: 'Run step a?', choices: ['no', 'yes'] });
    await new Promise((r) => setImmediate(r));
    expect(q.lastId).toBe('c1');
    q.stop('SIGTERM');
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperatorUnavailable);
    expect((err as Error).message).toBe('SIGTERM while waiting for an answer to: Run step a?');
    expect(operator.withdrawn).toBe(1);
    await expect(q.ask({ purpose: 'step', level: 'confirm', prompt: 'next?', choices: ['no', 'yes'] })).rejects.toBeInstanceOf(OperatorUnavailable);
    expect(events.map((e) => e.type === 'confirmation-requested' && e.requestId)).toEqual(['c1', 'c2']);
  });

  it('a runner waiting at a confirmation stops on requestStop: the run ends stopped, the step never runs', async () => {
    const dir = tempDir('opsdeck-questions-');
    const profile = profileFrom(PROFILE_YAML, dir);
    const rb = runbookFrom(`
name: waits
steps:
  - { id: a, run: [touch, "${dir}/ran"], confirm: true }
`, profile);
    const operator = new AbsentOperator();
    const { runner, journal } = makeRunner(rb, profile, 'local', {}, { confirmer: operator });
    const done = runner.run();
    while (!journal.events.some((e) => e.type === 'confirmation-requested')) await new Promise((r) => setTimeout(r, 5));
    runner.requestStop('runner terminated by SIGTERM');
    const s = await done;
    expect(s.outcome).toBe('stopped');
    expect(s.message).toMatch(/runner terminated by SIGTERM while waiting for an answer to: Run step a/);
    expect(operator.withdrawn).toBe(1);
    expect(journal.events.some((e) => e.type === 'step-started')).toBe(false);
  });
});
