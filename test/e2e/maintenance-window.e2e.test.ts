// The shipped demo's maintenance runbook (require_window: true) in its protected production-sim,
// on the real binary in an 80x24 tmux pane: outside the demo's weekly window the plan says, before
// anything is confirmed, that it is refused and when the next window is; Enter says so and starts
// nothing. Once `opsdeck maintenance start` opens a window from another shell, the plan names it.
// The header keeps user@host with the DR warning and the window showing.
import { expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo, hostname } from 'node:os';
import { runCli } from '../helpers/run-cli.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { DemoConsoleSuite, typeCommand } from '../helpers/demo-console.js';
import { selectProfile } from '../../src/adapters/fs/profile-loader.js';
import { maintenanceState } from '../../src/services/maintenance/maintenance-desk.js';

const suite = new DemoConsoleSuite();

const openConsole = (): TmuxPane => suite.open();

/** The screen with wrapped lines joined. */
const flat = (screen: string) => screen.replace(/\s*\n\s*/g, ' ');
const runs = () => (existsSync(join(suite.demo.stateDir, 'runs')) ? readdirSync(join(suite.demo.stateDir, 'runs')) : []);

/** From the services list of production-sim to the maintenance runbook's plan. */
async function toPlan(p: TmuxPane, change: string): Promise<string> {
  p.send('r');
  await p.waitFor('Runbooks for production-sim');
  const list = await p.waitFor(/maintenance +Maintenance window c/);
  // Down, one row at a time (each once the selection shows on the row before), to maintenance.
  const names = list.split('\n').map((l) => /^[▶ ] (\S+) /.exec(l)?.[1]).filter((n): n is string => !!n && n !== 'NAME');
  const from = names.findIndex((_, i) => list.split('\n').some((l) => l.startsWith(`▶ ${names[i]} `)));
  for (let i = from + 1; i <= names.indexOf('maintenance'); i++) {
    p.send('Down');
    await p.waitFor(new RegExp(`^▶ ${names[i]} `, 'm'));
  }
  return inputsToPlan(p, change);
}

/** From the runbook list with maintenance selected, through its inputs (each typed once its field shows), to its plan. */
async function inputsToPlan(p: TmuxPane, change: string): Promise<string> {
  p.send('Enter');
  await p.waitFor('change reference:');
  p.type(change);
  await p.waitFor(`change reference: ${change}`);
  p.send('Enter');
  await p.waitFor(/reason:/);
  p.type('e2e window check');
  await p.waitFor('reason: e2e window check');
  p.send('Enter');
  return p.waitFor('Plan: Maintenance window checklist');
}

describeIfAvailable('require_window in the console (tmux, shipped demo)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

  it('refused outside a window with the reason on the plan; named once a window is open', async () => {
    const p = openConsole();
    await p.waitFor(/opsdeck  profile demo  env local/, 20_000);
    await typeCommand(p, 'env production-sim');
    let screen = await p.waitFor(/env +production-sim PROTECTED/);
    // The header: environment and user@host whole at 80 columns, beside the DR warning and the window.
    const who = `${userInfo().username}@${hostname()}`;
    expect(screen.split('\n')[0]!.trimEnd().endsWith(who)).toBe(true);

    // What the demo's own schedule says now (the weekly window is Sunday 02:00-04:00 UTC).
    const state = maintenanceState({ profile: selectProfile(suite.demo.dir, 'demo'), env: suite.demo.env }, 'production-sim');
    screen = await toPlan(p, 'CHG-E2E-1');
    if (state.active) {
      expect(flat(screen)).toContain(`inside maintenance window ${state.active.name}`);
    } else {
      expect(flat(screen)).toContain('NOT ALLOWED NOW: runbook maintenance requires a maintenance window and production-sim is not in one');
      expect(flat(screen)).toContain(`the next one is ${state.next!.name}`);
      expect(flat(screen)).toContain('opsdeck maintenance start --env production-sim');
      p.send('Enter');
      screen = await p.waitFor('maintenance not started (outside a maintenance window)');
      expect(screen).not.toMatch(/cannot start|runner/i);
      expect(screen).toContain('Plan: Maintenance window checklist');
      expect(runs()).toEqual([]);
    }

    // Another shell opens a window (audited); the plan, opened again, names it.
    const opened = await runCli(['maintenance', 'start', '--env', 'production-sim', '--for', '30m', '--reason', 'e2e reindex', '--dir', suite.demo.dir, '--profile', 'demo'], suite.demo.env);
    expect(opened.code, opened.stderr).toBe(0);
    p.send('Escape');
    await p.waitFor('reason: e2e window check');
    p.send('Escape');
    await p.waitFor('Runbooks for production-sim');
    screen = await inputsToPlan(p, 'CHG-E2E-2');
    expect(flat(screen)).toMatch(state.active ? new RegExp(`inside maintenance window (${state.active.name}|ad-hoc)`) : /inside maintenance window ad-hoc opened by \S+ \(e2e reindex\): (29|30)m/);
    expect(screen).not.toContain('NOT ALLOWED');
    expect(screen.split('\n')[0]!.trimEnd().endsWith(who)).toBe(true);
    p.send('q');
  }, 240_000);
});
