// The runbook screens on a real console session: list → inputs form → plan → guided run, with
// real child processes and a real journal in a temp state dir. Frames are ANSI-stripped.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TuiHarness } from '../../helpers/ink.js';
import { closeConsolesAfterEach, mountConsole, mountRunbookConsole } from '../../helpers/runbook-console.js';
import { CONSOLE_FIXTURES, shopProfile } from '../../helpers/console-session.js';

closeConsolesAfterEach();

const mount = (env = 'local') => mountRunbookConsole(env);

async function openGreetForm(t: TuiHarness) {
  await t.waitFor('worker');
  await t.press('r');
  await t.waitFor('Greet someone');
  await t.press('enter');
  await t.waitFor('who:');
}

/** Fills greet's form with valid values and opens the plan. */
async function toGreetPlan(t: TuiHarness) {
  await openGreetForm(t);
  await t.type('bob');
  await t.press('enter'); // → colour
  await t.press('right'); // green → blue
  await t.press('enter', 'enter'); // → token, then the plan
  await t.waitFor('Plan: Greet someone');
}

describe('runbook list', () => {
  it('lists the runbooks of the environment with kind and last run, from r on the home screen', async () => {
    const { tui } = mount();
    await tui.waitFor('worker');
    await tui.press('r');
    const frame = await tui.waitFor('Pick an archive');
    expect(frame).toMatch(/greet +Greet someone +other +never run/);
    expect(frame).toMatch(/pick +Pick an archive +restore/);
    expect(frame).toMatch(/Enter fill inputs/);
  });

  it('leaves out runbooks that do not run in the environment', async () => {
    const { tui } = mount('production');
    await tui.waitFor('worker');
    await tui.press('r');
    const frame = await tui.waitFor('Greet someone');
    expect(frame).not.toContain('Pick an archive');
  });
});

describe('inputs form', () => {
  it('rejects a value that does not match the pattern inline, and accepts a good one', async () => {
    const { tui } = mount();
    await openGreetForm(tui);
    await tui.type('Bob1');
    let frame = await tui.waitFor('does not match the pattern');
    expect(frame).toContain('who: Bob1');
    await tui.press('enter'); // refused: stays on the field
    expect(tui.frame()).toMatch(/▶ who: Bob1/);
    for (let i = 0; i < 4; i++) await tui.press('backspace');
    await tui.type('bob');
    frame = await tui.waitForGone('does not match the pattern');
    expect(frame).toContain('who: bob');
  });

  it('says a required input is missing before moving on', async () => {
    const { tui } = mount();
    await openGreetForm(tui);
    await tui.press('enter');
    const frame = await tui.waitFor('required');
    expect(frame).toMatch(/▶ who:/);
  });

  it('picks from static choices with the arrows and masks a secret input', async () => {
    const { tui } = mount();
    await openGreetForm(tui);
    await tui.type('bob');
    await tui.press('enter');
    let frame = await tui.waitFor('< green >');
    expect(frame).toContain('3 choices');
    await tui.press('right');
    await tui.waitFor('< blue >');
    await tui.press('right');
    await tui.waitFor('< red >');
    await tui.press('enter');
    frame = await tui.waitFor(/▶ token: •+/);
    expect(frame).not.toContain('s3cr3t-value');
    await tui.type('xyz');
    frame = await tui.waitFor(/token: •{15}/);
    expect(frame).not.toContain('xyz');
  });

  it('lists choices_from by running its command and requires a choice', async () => {
    const { tui } = mount();
    await tui.waitFor('worker');
    await tui.press(':');
    await tui.type('run pick');
    await tui.press('enter');
    let frame = await tui.waitFor('< choose >');
    expect(frame).toContain('3 choices');
    await tui.press('enter');
    await tui.waitFor('choose one of 3');
    await tui.press('right');
    await tui.waitFor('< alpha.tar >');
    await tui.press('left');
    await tui.waitFor('< gamma.tar >');
    await tui.press('enter');
    frame = await tui.waitFor('Plan: Pick an archive');
    expect(frame).toContain("$ echo 'using gamma.tar'");
  });

  it('opens a runbook whose choices_from uses another input: its choices are listed once that one is filled (issue 9, defect 7)', async () => {
    const { tui } = mount();
    await tui.waitFor('worker');
    await tui.press(':');
    await tui.type('run nested');
    await tui.press('enter');
    await tui.waitFor('site: < choose >');
    await tui.press('down');
    await tui.waitFor('listed for the chosen site · choices listed once site is filled');
    await tui.press('up');
    await tui.press('right');
    await tui.waitFor('site: < east >');
    await tui.press('enter');
    await tui.waitFor('2 choices');
    await tui.press('right');
    await tui.waitFor('archive: < east-1.tar >');
    await tui.press('up', 'right');
    await tui.waitFor('site: < west >');
    await tui.press('down', 'right');
    await tui.waitFor('archive: < west-1.tar >');
    await tui.press('enter');
    const frame = await tui.waitFor('Plan: Choices from another input');
    expect(frame).toContain("$ echo 'west west-1.tar'");
  });

  it('asks for the change reference first in a protected environment', async () => {
    const { tui } = mount('production');
    await tui.waitFor('worker');
    await tui.press('r');
    await tui.waitFor('Greet someone');
    await tui.press('enter');
    const frame = await tui.waitFor('change reference:');
    expect(frame).toMatch(/▶ change reference:/);
    await tui.press('enter');
    await tui.waitFor('a change reference is required');
    await tui.type('CHG-42');
    await tui.press('enter');
    await tui.waitFor(/▶ who:/);
  });
});

describe('plan view', () => {
  it('shows every step with its command filled in, its confirmation level, skips and estimates', async () => {
    const { tui } = mount();
    await toGreetPlan(tui);
    const frame = tui.frame();
    expect(frame).toMatch(/1 +hello +none +no history +Say hello/);
    expect(frame).toContain("$ echo 'hello bob'");
    expect(frame).toMatch(/2 +paint +y\/N +no history +Paint it/);
    expect(frame).toContain("$ echo 'paint blue'");
    expect(frame).toMatch(/3 +prod-only +none +no history +SKIPPED \(only in production\)/);
    expect(frame).toMatch(/4 +big +typed /);
    expect(frame).toContain('token=••••');
    expect(frame).not.toContain('s3cr3t-value');
    await tui.press('d');
    await tui.waitFor('dry-run ON');
  });

  it('makes every confirmation typed in a protected environment', async () => {
    const { tui } = mount('production');
    await tui.waitFor('worker');
    await tui.press('r');
    await tui.waitFor('Greet someone');
    await tui.press('enter');
    await tui.waitFor('change reference:');
    await tui.type('CHG-7');
    await tui.press('enter');
    await tui.type('ann');
    await tui.press('enter', 'enter', 'enter');
    const frame = await tui.waitFor('Plan: Greet someone');
    expect(frame).toContain('change CHG-7');
    expect(frame).toMatch(/paint +typed/);
    expect(frame).toMatch(/3 +prod-only +none/);
    expect(frame).not.toContain('SKIPPED');
  });
});

describe('guided run', () => {
  it('y/N defaults to No: Enter declines the step and the run stops before it', async () => {
    const { tui } = mount();
    await toGreetPlan(tui);
    await tui.press('enter');
    let frame = await tui.waitFor('Run step paint');
    expect(frame).toContain("runs: echo 'paint blue'");
    expect(frame).toContain('[y/N]');
    expect(frame).toMatch(/hello +succeeded/);
    expect(frame).toContain('hello bob');
    await tui.press('enter');
    frame = await tui.waitFor('Run stopped');
    expect(frame).toContain('confirmation paint declined');
    // The run is over: the steps it never reached are "not run", not still "pending".
    expect(frame).toMatch(/paint +not run /);
    expect(frame).toMatch(/big +not run /);
  });

  it('typed confirmation refuses a wrong name and accepts the right one; summary with the report', async () => {
    const { tui, session } = mount();
    await toGreetPlan(tui);
    await tui.press('enter');
    await tui.waitFor('Run step paint');
    await tui.press('y');
    let frame = await tui.waitFor('Run step big');
    expect(frame).toContain("runs: echo 'big change for bob'");
    // local is not protected: the step's own `confirm: typed` asks for the name, nothing says PROTECTED.
    expect(frame).toContain('Environment local: type its name (local)');
    expect(frame).not.toContain('PROTECTED');
    expect(frame).toMatch(/prod-only +skipped/);
    await tui.type('prod');
    await tui.press('enter');
    frame = await tui.waitFor('refused: typed "prod"');
    expect(frame).toMatch(/big +pending/);
    await tui.type('local');
    await tui.press('enter');
    frame = await tui.waitFor('Run succeeded');
    expect(frame).toMatch(/big +succeeded/);
    const report = /report: (\S+)/.exec(frame)?.[1];
    expect(report).toBeTruthy();
    const runId = session.runbooks.history()[0]!.runId;
    expect(existsSync(session.runbooks.reportPath(runId))).toBe(true);
    const text = readFileSync(session.runbooks.reportPath(runId), 'utf8');
    expect(text).toContain('succeeded');
    expect(text).not.toContain('s3cr3t-value');

    // Back to the list: the last run shows, and the plan now has estimates from it.
    await tui.press('escape');
    await tui.waitFor(/greet .*succeeded/);
    await tui.press('enter');
    await tui.waitFor('who:');
    await tui.type('bob');
    await tui.press('enter', 'enter', 'enter');
    frame = await tui.waitFor('Plan: Greet someone');
    expect(frame).toMatch(/hello +none +~\d/);
  });

  it('an honest dry run: the plan and the run mark every step NOT simulated, saying what would run', async () => {
    const { tui } = mount();
    await toGreetPlan(tui);
    await tui.press('d');
    let frame = await tui.waitFor('[NOT simulated]');
    expect(frame.match(/\[NOT simulated\]/g)).toHaveLength(3); // prod-only is skipped here
    await tui.press('enter');
    frame = await tui.waitFor('Run succeeded');
    // 80 columns: the line is cut after the start of the command.
    expect(frame).toMatch(/hello +dry-run .*NOT simulated \(would run: echo 'he/);
    expect(frame).toMatch(/big +dry-run .*NOT simulated \(would run: echo 'bi/);
  });

  it('read-only: a runbook that changes things is listed and planned as a dry run only; d cannot turn it off; Enter starts the dry run, nothing runs', async () => {
    const { tui } = mountConsole({ root: CONSOLE_FIXTURES, profile: shopProfile(CONSOLE_FIXTURES), environment: 'local', runMode: 'in-process', readonly: true });
    await tui.waitFor('READ-ONLY');
    await tui.press('r');
    let frame = await tui.waitFor('Runbooks for local');
    expect(frame).toMatch(/greet +\[dry run only\] Greet someone/);
    expect(frame).toContain('dry run only for the 4 runbook(s) that change things (:write to run them;');
    await tui.press('enter');
    await tui.waitFor('who:');
    await tui.type('bob');
    await tui.press('enter', 'enter', 'enter');
    frame = await tui.waitFor('Plan: Greet someone');
    expect(frame).toContain('dry-run ON');
    expect(frame).toContain('read-only: only this dry run may start (:write to run it for real)');
    expect(frame).toMatch(/Enter start \(changes nothing\)/);
    await tui.press('d');
    frame = await tui.waitFor('only a dry run may start here (:write leaves read-only mode)');
    expect(frame).toContain('dry-run ON');
    await tui.press('enter');
    frame = await tui.waitFor('Run succeeded');
    expect(frame).toContain('DRY RUN');
    expect(frame).toMatch(/hello +dry-run .*NOT simulated/);
  });

  it('history lists the run and opens its report', async () => {
    const { tui } = mount();
    await toGreetPlan(tui);
    await tui.press('d', 'enter'); // dry run: nothing is asked, nothing runs
    let frame = await tui.waitFor('Run succeeded');
    expect(frame).toContain('DRY RUN');
    await tui.press('escape');
    await tui.waitFor('Runbooks for local');
    await tui.press('h');
    frame = await tui.waitFor('Run history (1)');
    expect(frame).toMatch(/greet +local +succeeded\*/);
    await tui.press('enter');
    await tui.waitFor('Greet someone — succeeded (dry run)');
    await tui.press('escape');
    await tui.waitFor('Run history');
  });

  it('a 1 MB paste into an input field is taken as one paste, capped, and the form stays responsive', async () => {
    const { tui } = mount();
    await openGreetForm(tui);
    await tui.press('x'.repeat(1024 * 1024)); // one write, as a terminal delivers a paste
    // The field keeps what fits (1,000 characters); the rest never becomes a million keys.
    await tui.waitFor(/who: x{20}/);
    await tui.press('escape');
    await tui.waitFor('Runbooks for local');
  });

  it('history: G selects the oldest run, g the newest', async () => {
    const { tui } = mount();
    for (let i = 0; i < 2; i++) {
      await toGreetPlan(tui);
      await tui.press('d', 'enter');
      await tui.waitFor('Run succeeded');
      await tui.press('escape');
      await tui.waitFor('Runbooks for local');
      await tui.press('escape');
      await tui.waitFor('worker');
    }
    await tui.press('h');
    const rowsOf = (f: string) => f.split('\n').filter((l) => /greet +local/.test(l));
    let frame = await tui.waitFor('Run history (2)');
    expect(rowsOf(frame).findIndex((l) => l.startsWith('▶'))).toBe(0);
    await tui.press('G');
    frame = await tui.waitFor(/^ {2}.*greet +local.*\n▶ .*greet +local/m);
    expect(rowsOf(frame).findIndex((l) => l.startsWith('▶'))).toBe(1);
    await tui.press('g');
    frame = await tui.waitFor(/^▶ .*greet +local.*\n {2}.*greet +local/m);
    expect(rowsOf(frame).findIndex((l) => l.startsWith('▶'))).toBe(0);
  });

  it('Ctrl-C during a step asks, and aborting kills it', async () => {
    const { tui } = mount();
    await tui.waitFor('worker');
    // A step that runs for a while (sleep 30): aborting must end it long before that.
    await tui.press(':');
    await tui.type('run slow');
    await tui.press('enter');
    await tui.waitFor('takes no inputs');
    await tui.press('enter');
    await tui.waitFor('Plan: Slow one');
    await tui.press('enter');
    await tui.waitFor(/▶ nap +elapsed/);
    await tui.press('ctrl+c');
    let frame = await tui.waitFor('Abort the running step?');
    expect(frame).toContain('n/Enter/Esc no (default)');
    await tui.press('n');
    await tui.waitForGone('Abort the running step?');
    await tui.press('ctrl+c');
    await tui.waitFor('Abort the running step?');
    await tui.press('y');
    frame = await tui.waitFor(/Step nap aborted|Run aborted/);
    if (/Step nap aborted/.test(frame)) {
      await tui.press('x');
      frame = await tui.waitFor(/Run (aborted|failed|stopped)/);
    }
    expect(frame).toMatch(/nap +aborted/);
  });
});
