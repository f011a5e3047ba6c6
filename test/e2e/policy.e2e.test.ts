// The real binary in tmux on a private ops dir (issue 9, one safety policy and read-only mode):
// a protected environment's stop asks for the typed name, a wrong name asks again and the key
// behind it lands in the dialog, not on the screen; the audit says what was asked and answered.
// --readonly: no start/stop/restart offered, `x` does nothing, `:write` (typed, audited) brings
// them back.
import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { typeCommand } from '../helpers/demo-console.js';
import { BIN, FixtureConsoleSuite } from '../helpers/fixture-console.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/process-services.js';

const suite = new FixtureConsoleSuite();

const PROFILE = `name: p
environments:
  local: {}
  prod: { protected: true }
services:
  sleeper:
    description: a process to stop and start
    process: { command: [sleep, "600"] }
`;

function opsDir(): { dir: string; state: string } {
  const dir = tempDir('opsdeck-policy-ops-');
  const state = tempDir('opsdeck-policy-state-');
  mkdirSync(join(dir, 'profiles'));
  mkdirSync(join(dir, 'runbooks'));
  writeFileSync(join(dir, 'profiles', 'p.yaml'), PROFILE);
  return { dir, state };
}

const openConsole = (o: { dir: string; state: string }, args: string): TmuxPane => suite.open(o.dir, { profile: 'p', stateDir: o.state, args });

const audit = (state: string) => readFileSync(join(state, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
function stopRunner(statusFile: string): void {
  try {
    const st = JSON.parse(readFileSync(statusFile, 'utf8')) as { pid: number; state: string; runId: string };
    // Only that run's runner (a pid may have been reused since).
    if (st.state !== 'finished' && readFileSync(`/proc/${st.pid}/cmdline`, 'utf8').includes(`__runner\0${st.runId}`)) process.kill(st.pid, 'SIGTERM');
  } catch {
    /* no status, or the runner is gone */
  }
}
const stopAll = (o: { dir: string; state: string }, env: string) =>
  spawnSync(process.execPath, [BIN, 'stop', '--all', '--dir', o.dir, '--profile', 'p', '--env', env, '--confirm-env', env], { env: { ...process.env, OPSDECK_STATE_DIR: o.state }, stdio: 'ignore', timeout: 60_000 });

describeIfAvailable('one safety policy in the console (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  const dirs: { dir: string; state: string }[] = [];
  suite.install({
    beforeCleanup: () => {
      for (const d of dirs) for (const env of ['local', 'prod']) stopAll(d, env);
      // A test that failed while its run waited at a question leaves the runner waiting: stop it.
      for (const d of dirs) for (const id of existsSync(join(d.state, 'runs')) ? readdirSync(join(d.state, 'runs')) : []) stopRunner(join(d.state, 'runs', id, 'status.json'));
    },
  });

  it('protected: a wrong typed name asks again and swallows nothing; the audit records asked and answered', async () => {
    const o = opsDir();
    dirs.push(o);
    const p = openConsole(o, '--env prod');
    await p.waitFor(/env +prod PROTECTED/, 20_000);
    // Enter acts on the selected row: sent once the row is drawn (the header comes first).
    await p.waitFor(/▶ sleeper/, 20_000);
    p.send('Enter');
    await p.waitFor('Actions');
    p.type('s');
    await p.waitFor('type its name (prod)');
    p.type('production');
    p.send('Enter');
    await p.waitFor('"production" is not prod: type it again, or Esc to cancel.');
    // r would open a restart behind the dialog: it is typed text in the dialog instead.
    p.type('r');
    await p.waitFor(/> r\s/);
    p.send('BSpace');
    p.type('prod');
    p.send('Enter');
    await p.waitFor(/sleeper: start done/, 60_000);
    const starts = audit(o.state).filter((e) => e.action === 'service.start');
    expect(starts.map((e) => e.confirmation)).toEqual([
      expect.stringMatching(/^asked typed "prod"; answered "prod" via console by \S+@\S+ \(after refusing "production": asked again\)$/),
      expect.stringMatching(/^asked typed "prod"; answered "prod" via console by \S+@\S+ \(after refusing "production": asked again\)$/),
    ]);
    expect(audit(o.state).some((e) => e.action === 'service.restart')).toBe(false);
  }, 120_000);

  it('--readonly: nothing that changes things is offered; :write (typed, audited) brings it back', async () => {
    const o = opsDir();
    dirs.push(o);
    const p = openConsole(o, '--readonly');
    await p.waitFor(/READ-ONLY/, 20_000);
    await p.waitFor(/▶ sleeper/, 20_000);
    p.send('Enter');
    let screen = await p.waitFor('not offered: read-only mode');
    expect(screen.trimEnd().split('\n').at(-1)).not.toMatch(/\bstart\b|\bstop\b|\brestart\b/);
    p.type('s');
    await typeCommand(p, 'write');
    await p.waitFor('type its name (local)');
    p.type('local');
    p.send('Enter');
    screen = await p.waitFor('WRITE (escalated)');
    expect(screen).not.toContain('READ-ONLY');
    // The earlier s did nothing: the service was never started.
    expect(audit(o.state).some((e) => e.action === 'service.start')).toBe(false);
    expect(audit(o.state).find((e) => e.action === 'console.write')).toMatchObject({ outcome: 'ok', confirmation: expect.stringMatching(/^asked typed "local"; answered "local" via console/) });
    await p.waitFor(/s start/);
    p.type('s');
    await p.waitFor('[y/N]');
    p.type('y');
    await p.waitFor(/sleeper: start done/, 60_000);
  }, 120_000);

  it('a runbook step in a protected environment: a wrong typed name asks again, the next key lands in the dialog; the audit says what was asked and answered (it said only "yes via attach")', async () => {
    const o = opsDir();
    dirs.push(o);
    const marker = join(o.state, 'ran');
    writeFileSync(join(o.dir, 'runbooks', 'touch.yaml'), `name: touch\nenvironments: [prod]\nsteps:\n  - id: touch\n    run: [touch, ${JSON.stringify(marker)}]\n    confirm: true\n`);
    const p = openConsole(o, '--env prod');
    await p.waitFor(/env +prod PROTECTED/, 20_000);
    await typeCommand(p, 'run touch');
    await p.waitFor('change reference:');
    p.type('CHG-7');
    p.send('Enter');
    await p.waitFor('Enter start the run');
    p.send('Enter');
    await p.waitFor('type its name (prod) and press Enter', 30_000);
    p.type('production');
    p.send('Enter');
    await p.waitFor('refused: typed "production", expected the environment name "prod"');
    // q would quit the console behind the dialog: it is typed text in the dialog instead.
    p.type('q');
    await p.waitFor(/> q\s/);
    expect(existsSync(marker)).toBe(false);
    p.send('BSpace');
    p.type('prod');
    p.send('Enter');
    await p.waitFor(/succeeded/, 30_000);
    expect(existsSync(marker)).toBe(true);
    const confirm = audit(o.state).find((e) => e.action === 'confirm.step');
    expect(confirm).toMatchObject({ change: 'CHG-7', outcome: 'yes', confirmation: expect.stringMatching(/^asked typed "prod"; answered "prod" via console by \S+ \(after refusing "production": asked again\)$/) });
    // Answered in the console's run screen: the report says so too (it said "via attach").
    const [runId] = readdirSync(join(o.state, 'runs'));
    const reportFile = join(o.state, 'runs', runId!, 'report.md');
    const report = await waitFor('the report', () => existsSync(reportFile) && readFileSync(reportFile, 'utf8'));
    expect(report).toMatch(/- Confirmation: \w+ — yes via console by \S+/);
  }, 120_000);

  it('--readonly: a run waiting at a question is shown, not answerable (y did nothing yet offered "y yes"); after :write it is', async () => {
    const o = opsDir();
    dirs.push(o);
    const marker = join(o.state, 'ran');
    writeFileSync(join(o.dir, 'runbooks', 'touch.yaml'), `name: touch\nenvironments: [local]\nsteps:\n  - id: touch\n    run: [touch, ${JSON.stringify(marker)}]\n    confirm: true\n`);
    const started = spawnSync(process.execPath, [BIN, 'run', 'touch', '--dir', o.dir, '--profile', 'p', '--env', 'local', '--detach'], { env: { ...process.env, OPSDECK_STATE_DIR: o.state }, encoding: 'utf8', timeout: 60_000 });
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const p = openConsole(o, '--readonly');
    await p.waitFor(/READ-ONLY/, 20_000);
    await typeCommand(p, `attach ${runId}`);
    let screen = await p.waitFor('you are watching', 30_000);
    expect(screen).not.toMatch(/y yes, run it/);
    p.type('y');
    p.type('?');
    await p.waitFor('Commands (after :)');
    expect(existsSync(marker)).toBe(false);
    p.send('Escape');
    await p.waitForGone('Commands (after :)');
    await typeCommand(p, 'write');
    await p.waitFor('type its name (local)');
    p.type('local');
    p.send('Enter');
    screen = await p.waitFor('y yes, run it');
    expect(screen).not.toContain('you are watching');
    p.type('y');
    await p.waitFor(/succeeded/, 30_000);
    expect(existsSync(marker)).toBe(true);
  }, 120_000);

  it('protected: a runbook that changes nothing asks no change reference, in the console as headless (one policy; the form asked one anyway)', async () => {
    const o = opsDir();
    dirs.push(o);
    writeFileSync(join(o.dir, 'runbooks', 'look.yaml'), 'name: look\nenvironments: [prod]\nsteps:\n  - id: look\n    manual: "Look at the dashboard"\n');
    writeFileSync(join(o.dir, 'runbooks', 'touch.yaml'), 'name: touch\nenvironments: [prod]\nsteps:\n  - id: touch\n    run: [echo, hi]\n');
    const p = openConsole(o, '--env prod');
    await p.waitFor(/env +prod PROTECTED/, 20_000);
    await typeCommand(p, 'run look');
    let screen = await p.waitFor('This runbook takes no inputs');
    expect(screen).not.toContain('change reference');
    p.send('Enter');
    screen = await p.waitFor('Enter start the run');
    expect(screen).not.toContain('change MISSING');
    p.send('Escape');
    await p.waitFor('This runbook takes no inputs');
    p.send('Escape');
    await p.waitFor(/look .* touch|NAME/);
    await typeCommand(p, 'run touch');
    await p.waitFor('change reference:');
    const headless = spawnSync(process.execPath, [BIN, 'run', 'look', '--dir', o.dir, '--profile', 'p', '--env', 'prod', '--dry-run'], { env: { ...process.env, OPSDECK_STATE_DIR: o.state }, encoding: 'utf8', timeout: 60_000 });
    expect(headless.stderr).not.toMatch(/change reference is required/);
  }, 120_000);

  it('--readonly: t opens the runbook for the selected service as a dry run only (nothing starts); after :write its real run is offered', async () => {
    const o = opsDir();
    dirs.push(o);
    writeFileSync(join(o.dir, 'runbooks', 'revive.yaml'), 'name: revive\nenvironments: [local]\nservices: [sleeper]\nsteps:\n  - id: start\n    service: { start: [sleeper] }\n');
    const p = openConsole(o, '--readonly');
    await p.waitFor(/READ-ONLY/, 20_000);
    await p.waitFor(/▶ sleeper/, 20_000);
    p.type('t');
    await p.waitFor('This runbook takes no inputs');
    p.send('Enter');
    await p.waitFor('read-only: only this dry run may start');
    let screen = await p.waitFor(/Enter start \(changes nothing\)/);
    expect(screen).toContain('read-only: only this dry run may start');
    expect(screen).toContain('dry-run ON');
    p.send('Enter');
    screen = await p.waitFor('Run succeeded', 30_000);
    expect(screen).toContain('DRY RUN');
    expect(audit(o.state).some((e) => e.action === 'service.start')).toBe(false);
    p.send('Escape');
    await p.waitFor('Runbooks for local');
    p.send('Escape');
    await p.waitFor(/▶ sleeper/, 20_000);
    await typeCommand(p, 'write');
    await p.waitFor('type its name (local)');
    p.type('local');
    p.send('Enter');
    await p.waitFor('WRITE (escalated)');
    p.type('t');
    await p.waitFor('This runbook takes no inputs');
    p.send('Enter');
    screen = await p.waitFor('Plan: revive');
    expect(screen).not.toContain('only this dry run may start');
    expect(screen).toMatch(/dry-run off/);
  }, 120_000);
});
