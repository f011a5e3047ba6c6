// The runner with real child processes: every step kind, hostile inputs, retries, timeouts,
// capture, when, rollback order, dry run, typed confirmations.
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { profileFrom, runbookFrom, PROFILE_YAML } from '../../helpers/runbook-fixtures.js';
import { makeRunner, ScriptedConfirmer, RecordingServices } from '../../helpers/runner-kit.js';
import { replay } from '../../../src/domain/runbook/run-state.js';

afterAll(removeTempDirs);

const dir = tempDir('opsdeck-runner-');
const profile = profileFrom(PROFILE_YAML.replace('data_dir: /tmp/shop', `data_dir: ${dir}`), dir);
// A tiny program that writes the arguments it received, as JSON, to the file named by DUMP.
const dump = join(dir, 'dump.mjs');
writeFileSync(dump, `import { writeFileSync } from 'node:fs';\nwriteFileSync(process.env.DUMP, JSON.stringify(process.argv.slice(2)));\n`);
const pwned = join(dir, 'pwned');

const HOSTILE = [
  '; rm -rf /tmp/x',
  `$(touch ${pwned})`,
  `\`touch ${pwned}\``,
  `a\nb; touch ${pwned}\n`,
  '--option=evil',
  '-rf',
  `' ; touch ${pwned}; echo '`,
  `" && touch ${pwned} && "`,
  'x'.repeat(100 * 1024),
];

describe('inputs as code (issue 9, defect 5)', () => {
  it('the runner refuses an input in the code of `sh -c` even when the runbook skipped validate', async () => {
    const rb = runbookFrom(`
name: code
inputs: [{ name: v }]
steps:
  - { id: sh, run: [echo, placeholder] }
`, profile);
    // As a runbook that never went through validate would carry it (an old journal, a bug).
    rb.steps[0]!.action = { kind: 'run', argv: ['sh', '-c', 'echo {{ inputs.v }}'] };
    const { runner } = makeRunner(rb, profile, 'local', { v: `$(touch ${pwned})` });
    const s = await runner.run();
    expect(s.outcome).toBe('failed');
    expect(s.steps.sh!.error).toMatch(/^refused: input "v" would become code: it is in the script given to `sh -c`; write the step as shell: and read it as "\$OPSDECK_INPUT_V"/);
    expect(existsSync(pwned)).toBe(false);
  });
});

describe('hostile input values', () => {
  const rb = runbookFrom(`
name: hostile
inputs: [{ name: v }]
steps:
  - { id: argv, run: [node, "${dump}", "{{ inputs.v }}", "pre-{{ inputs.v }}-post"], env: { DUMP: "${dir}/argv.json" } }
  - { id: sh, shell: 'node "${dump}" "$OPSDECK_INPUT_V" && printf %s "$OPSDECK_INPUT_V" > "${dir}/printf.out"', env: { DUMP: "${dir}/shell.json" } }
`, profile);
  for (const value of HOSTILE) {
    it(`reaches run and shell steps as one literal argument: ${JSON.stringify(value.slice(0, 30))}`, async () => {
      const { runner } = makeRunner(rb, profile, 'local', { v: value });
      const s = await runner.run();
      expect(s.outcome).toBe('succeeded');
      expect(JSON.parse(readFileSync(join(dir, 'argv.json'), 'utf8'))).toEqual([value, `pre-${value}-post`]);
      expect(JSON.parse(readFileSync(join(dir, 'shell.json'), 'utf8'))).toEqual([value]);
      expect(readFileSync(join(dir, 'printf.out'), 'utf8')).toBe(value);
      expect(existsSync(pwned)).toBe(false);
    });
  }
});

describe('captures across a runner restart', () => {
  it('a step that needs a secret capture fails instead of running with the mask in its place', async () => {
    const rb = runbookFrom(`
name: lost
steps:
  - { id: cap, run: [node, -e, "console.log('s3cr3t-value')"], capture: tok }
  - { id: plain, run: [node, -e, "console.log('v1.2.3')"], capture: ver }
  - { id: use-ver, run: [node, "${dump}", "{{ vars.ver }}"], env: { DUMP: "${dir}/ver.json" } }
  - { id: env-tok, shell: 'printf "[%s]" "$OPSDECK_VAR_TOK" > "${dir}/env-tok.out"' }
  - { id: use-tok, run: [node, "${dump}", "{{ vars.tok }}"], env: { DUMP: "${dir}/tok.json" } }
`, profile);
    const first = makeRunner(rb, profile, 'local', {});
    expect((await first.runner.run()).outcome).toBe('succeeded');
    // The runner "died" after the captures: a new one resumes from the journal up to there.
    const upTo = first.journal.events.findIndex((e) => e.type === 'step-finished' && e.stepId === 'plain') + 1;
    const journaled = first.journal.events.slice(0, upTo);
    expect(JSON.stringify(journaled)).not.toContain('s3cr3t-value');
    const again = makeRunner(rb, profile, 'local', {}, { resumeFrom: (p) => replay(p, journaled) });
    writeFileSync(join(dir, 'tok.json'), 'untouched');
    writeFileSync(join(dir, 'env-tok.out'), 'untouched');
    const s = await again.runner.run();
    expect(s.outcome).toBe('failed');
    expect(readFileSync(join(dir, 'env-tok.out'), 'utf8')).toBe('untouched'); // its script names the variable
    expect(JSON.parse(readFileSync(join(dir, 'ver.json'), 'utf8'))).toEqual(['v1.2.3']); // a plain capture survives
    expect(readFileSync(join(dir, 'tok.json'), 'utf8')).toBe('untouched'); // never ran with the mask
    const failed = again.journal.events.find((e) => e.type === 'step-finished' && e.stepId === 'env-tok') as { error?: string } | undefined;
    if (!failed) throw new Error(JSON.stringify(again.journal.events.map((e) => [e.type, (e as { stepId?: string }).stepId, (e as { error?: string }).error])));
    expect(failed.error).toMatch(/capture "tok" held a secret/);
  });
});

describe('step kinds, capture, when, retries, timeouts, rollback', () => {
  it('runs every kind, passes captured stdout to later steps, skips by when', async () => {
    const rb = runbookFrom(`
name: kinds
steps:
  - { id: cap, run: [node, -e, "console.log('  captured-value  ')"], capture: got }
  - { id: use, run: [node, "${dump}", "{{ vars.got }}", "{{ vars.data_dir }}"], env: { DUMP: "${dir}/use.json" } }
  - { id: env, shell: 'printf %s "$OPSDECK_VAR_GOT" > "${dir}/env.out"' }
  - { id: man, manual: "check {{ vars.got }} by hand" }
  - { id: svc, service: { restart: [api] } }
  - { id: wait, wait_healthy: [api, db], timeout: 3s }
  - { id: only-staging, run: [touch, "${dir}/staging-only"], when: [staging] }
`, profile);
    const services = new RecordingServices();
    const confirmer = new ScriptedConfirmer();
    const { runner, journal } = makeRunner(rb, profile, 'local', {}, { services, confirmer });
    const s = await runner.run();
    expect(s.outcome).toBe('succeeded');
    expect(JSON.parse(readFileSync(join(dir, 'use.json'), 'utf8'))).toEqual(['captured-value', dir]);
    expect(readFileSync(join(dir, 'env.out'), 'utf8')).toBe('captured-value');
    expect(confirmer.asked.map((r) => [r.purpose, r.stepId, r.instructions])).toEqual([['manual', 'man', 'check captured-value by hand']]);
    expect(services.calls).toEqual(['restart api', 'wait api,db 3000']);
    expect(existsSync(join(dir, 'staging-only'))).toBe(false);
    expect(journal.events.filter((e) => e.type === 'step-skipped').map((e) => (e as { stepId: string }).stepId)).toEqual(['only-staging']);
    expect(s.steps['only-staging']!.status).toBe('skipped');
  });

  it('retries a failing step, then succeeds; continue_on_error goes on', async () => {
    const counter = join(dir, 'count');
    writeFileSync(counter, '0');
    const rb = runbookFrom(`
name: retry
steps:
  - id: flaky
    shell: 'n=$(cat "${counter}"); n=$((n+1)); echo $n > "${counter}"; [ $n -ge 3 ]'
    retries: 2
  - { id: bad, run: ["false"], continue_on_error: true }
  - { id: after, run: ["true"] }
`, profile);
    const { runner, journal } = makeRunner(rb, profile, 'local', {});
    const s = await runner.run();
    expect(readFileSync(counter, 'utf8').trim()).toBe('3');
    expect(journal.events.filter((e) => e.type === 'step-started' && e.stepId === 'flaky').map((e) => (e as { attempt: number }).attempt)).toEqual([1, 2, 3]);
    expect(s.outcome).toBe('succeeded');
    expect(s.steps.bad).toMatchObject({ status: 'failed', continued: true, exitCode: 1 });
    expect(s.steps.after!.status).toBe('succeeded');
  });

  it('a timeout kills the step and, with on_failure: rollback, undoes completed steps newest first', async () => {
    const log = join(dir, 'rollback.log');
    writeFileSync(log, '');
    const rb = runbookFrom(`
name: rb
steps:
  - { id: one, run: ["true"], rollback: { shell: 'echo undo-one >> "${log}"' } }
  - { id: two, run: ["true"] }
  - { id: three, run: ["true"], rollback: { shell: 'echo undo-three >> "${log}"' } }
  - { id: slow, run: [sleep, "30"], timeout: 300ms, rollback: { shell: 'echo undo-slow >> "${log}"' } }
on_failure: rollback
`, profile);
    const t0 = Date.now();
    const { runner, journal } = makeRunner(rb, profile, 'local', {});
    const s = await runner.run();
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(s.steps.slow!.status).toBe('timed-out');
    expect(readFileSync(log, 'utf8')).toBe('undo-three\nundo-one\n');
    expect(s).toMatchObject({ outcome: 'failed' });
    const fin = journal.events.at(-1)!;
    expect(fin).toMatchObject({ type: 'run-finished', outcome: 'failed', rolledBack: true });
  });

  it('dry run runs nothing and says so on every step', async () => {
    const marker = join(dir, 'dry-marker');
    const rb = runbookFrom(`
name: dry
steps:
  - { id: a, run: [touch, "${marker}"], confirm: true }
  - { id: b, shell: 'touch "${marker}"' }
  - { id: c, service: { stop: [api] } }
  - { id: d, manual: "do it" }
  - { id: e, wait_healthy: [api] }
`, profile);
    const services = new RecordingServices();
    const confirmer = new ScriptedConfirmer();
    const healthOf = async (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, 'healthy']));
    const { runner, journal } = makeRunner(rb, profile, 'local', {}, { services, confirmer, plan: { dryRun: true }, deps: { healthOf } });
    const s = await runner.run();
    expect(s.outcome).toBe('succeeded');
    expect(existsSync(marker)).toBe(false);
    expect(services.calls).toEqual([]);
    expect(confirmer.asked).toEqual([]);
    const finished = journal.events.filter((e) => e.type === 'step-finished');
    expect(finished.map((e) => [(e as { stepId: string }).stepId, (e as { outcome: string }).outcome])).toEqual([['a', 'dry-run'], ['b', 'dry-run'], ['c', 'dry-run'], ['d', 'dry-run'], ['e', 'dry-run']]);
    // Honest: only the health wait is simulated (checked now); every other step says it is not.
    expect(finished.map((e) => (e as { tail: string[] }).tail[0])).toEqual([
      `NOT simulated (would run: touch ${marker})`,
      `NOT simulated (would run: /bin/sh -c 'touch "${marker}"')`,
      'NOT simulated (would run: stop api)',
      'NOT simulated (would ask the operator: do it)',
      'simulated: health now: api healthy (nothing waited for)',
    ]);
  });

  it('protected environment: every confirmation is typed; a wrong name refuses and the step never runs', async () => {
    const marker = join(dir, 'prod-marker');
    const rb = runbookFrom(`
name: prod
steps:
  - { id: risky, run: [touch, "${marker}"], confirm: true }
`, profile);
    const wrong = new ScriptedConfirmer(() => ({ choice: 'yes', typed: 'prod' }));
    const a = makeRunner(rb, profile, 'production', {}, { confirmer: wrong });
    const s = await a.runner.run();
    expect(wrong.asked.map((r) => [r.level, r.expected, r.command])).toEqual(Array(3).fill(['typed', 'production', `touch ${marker}`]));
    expect(s.outcome).toBe('stopped');
    expect(existsSync(marker)).toBe(false);
    const right = new ScriptedConfirmer((r) => ({ choice: 'yes', typed: r.expected }));
    const b = makeRunner(rb, profile, 'production', {}, { confirmer: right });
    expect((await b.runner.run()).outcome).toBe('succeeded');
    expect(existsSync(marker)).toBe(true);
  });

  it('masks secrets in output, commands and captured values in the journal', async () => {
    const rb = runbookFrom(`
name: mask
inputs: [{ name: pw, secret: true }]
steps:
  - { id: leak, run: [node, -e, "console.log('token s3cr3t-value and', process.argv[1])", "{{ inputs.pw }}"], capture: out }
`, profile);
    const { runner, journal } = makeRunner(rb, profile, 'local', { pw: 'hunter2-password' });
    await runner.run();
    const text = JSON.stringify(journal.events);
    expect(text).not.toContain('s3cr3t-value');
    expect(text).not.toContain('hunter2-password');
    expect(text).toContain('token');
  });
});

/**
 * A runbook guarding db with steps one and two (two touches `marker`): db turns unhealthy once
 * step one finished, so the run pauses before two; `answer` answers the guard question.
 */
async function guardedRun(name: string, marker: string, answer: (health: Record<string, string>) => 'stop' | 'retry') {
  const { createGuardCheck } = await import('../../../src/services/runs/run-guard.js');
  const health: Record<string, string> = { db: 'healthy' };
  const rb = runbookFrom(`
name: ${name}
guard: [db]
steps:
  - { id: one, run: [node, -e, "0"] }
  - { id: two, run: [touch, "${marker}"] }
`, profile);
  const guardCheck = await createGuardCheck(rb.guard, async (names) => Object.fromEntries(names.map((n) => [n, health[n]!])));
  const confirmer = new ScriptedConfirmer((r) => ({ choice: r.purpose === 'guard' ? answer(health) : 'yes' }));
  const { runner, journal } = makeRunner(rb, profile, 'local', {}, { confirmer, deps: { guardCheck, onEvent: (e) => { if (e.type === 'step-finished' && e.stepId === 'one') health.db = 'unhealthy'; } } });
  return { state: await runner.run(), confirmer, journal };
}

describe('guard', () => {
  it('a guarded service regressing pauses the run at the next step boundary; stop leaves later steps unrun', async () => {
    const marker = join(dir, 'guard-marker');
    const { state: s, confirmer, journal } = await guardedRun('guarded', marker, () => 'stop');
    expect(confirmer.asked.map((r) => [r.purpose, r.stepId])).toEqual([['guard', 'two']]);
    expect(journal.events.find((e) => e.type === 'guard-regression')).toMatchObject({ services: { db: 'healthy -> unhealthy' } });
    expect(s.outcome).toBe('stopped');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('guard retry', () => {
  it('offers retry beside rollback and continue; retry checks again and goes on once the service is back', async () => {
    const marker = join(dir, 'guard-retry-marker');
    const { state: s, confirmer, journal } = await guardedRun('guarded-retry', marker, (health) => {
      // The operator fixes db, then asks to check again.
      health.db = 'healthy';
      return 'retry';
    });
    expect(confirmer.asked.filter((r) => r.purpose === 'guard').map((r) => r.choices)).toEqual([['stop', 'rollback', 'retry', 'continue']]);
    expect(journal.events.filter((e) => e.type === 'confirmation-answered' && e.purpose === 'guard').map((e) => (e as { choice: string }).choice)).toEqual(['retry']);
    expect(s.outcome).toBe('succeeded');
    expect(existsSync(marker)).toBe(true);
  });
});

describe('failure decisions asked of the operator (TUI mode)', () => {
  it('offers rollback / retry / skip / stop; retry runs the step again, skip goes on', async () => {
    const counter = join(dir, 'ask-count');
    writeFileSync(counter, '0');
    const rb = runbookFrom(`
name: ask
steps:
  - { id: undoable, run: ["true"], rollback: { run: ["true"] } }
  - { id: flaky, shell: 'n=$(cat "${counter}"); echo $((n+1)) > "${counter}"; exit 1' }
  - { id: last, run: ["true"] }
on_failure: rollback
`, profile);
    const answers = ['retry', 'skip'];
    const confirmer = new ScriptedConfirmer((r) => (r.purpose === 'failure' ? { choice: answers.shift() as 'retry' | 'skip', via: 'ui' } : { choice: 'yes' }));
    const { runner, journal } = makeRunner(rb, profile, 'local', {}, { confirmer, deps: { failureMode: 'ask' } });
    const s = await runner.run();
    const asked = confirmer.asked.filter((r) => r.purpose === 'failure');
    expect(asked.map((r) => [r.stepId, r.choices, r.defaultChoice])).toEqual(Array(2).fill(['flaky', ['rollback', 'retry', 'skip', 'stop'], 'rollback']));
    expect(readFileSync(counter, 'utf8').trim()).toBe('2');
    expect(journal.events.filter((e) => e.type === 'failure-decision').map((e) => (e as { choice: string }).choice)).toEqual(['retry', 'skip']);
    expect(s.outcome).toBe('succeeded');
    expect(s.steps.last!.status).toBe('succeeded');
  });
});
