// The real binary in an 80x24 tmux pane on a private copy of the demo: run the demo `backup`
// runbook from the console, then `restore` (choosing the backup, confirming each risky step),
// and check the demo's data afterwards. Runs go through the detached runner: SIGKILL it while
// it waits for a confirmation, close that console, and resume from a new tmux session —
// completed steps are not run again.
import { expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { DemoConsoleSuite, typeCommand } from '../helpers/demo-console.js';
import { until } from '../helpers/until.js';

const suite = new DemoConsoleSuite();

const openConsole = (): TmuxPane => suite.open();

/** The confirmation of step `id`, on screen and waiting for y/N. */
const confirmationOf = (id: string) => new RegExp(`Run step ${id}[\\s\\S]*\\[y/N\\]`);

const runsDir = () => join(suite.demo.stateDir, 'runs');
const runIds = () => (existsSync(runsDir()) ? readdirSync(runsDir()).sort() : []);
const journal = (runId: string) => readFileSync(join(runsDir(), runId, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; stepId?: string; phase?: string; outcome?: string });
const ordersDir = () => join(suite.demo.dataDirs.local!, 'orders');

function plantOrder(id: string) {
  mkdirSync(ordersDir(), { recursive: true });
  // Pending and dated in the future: neither pruned nor mistaken for an old one during the test.
  const order = { id, item: 'e2e marker', qty: 1, status: 'pending', createdAt: '2999-01-01T00:00:00.000Z' };
  writeFileSync(join(ordersDir(), `${id}.json`), JSON.stringify(order, null, 2) + '\n');
}

describeIfAvailable('runbooks in the console (tmux, detached runner)', tmuxAvailable(), 'tmux is not installed', () => {
  // A failed test may leave a runner of ours parked at a question: its pid is in our state dir.
  suite.install({
    beforeCleanup: () => {
      for (const id of runIds()) {
        try {
          const { pid, state } = JSON.parse(readFileSync(join(runsDir(), id, 'status.json'), 'utf8')) as { pid: number; state: string };
          if (state !== 'finished') process.kill(pid, 'SIGKILL');
        } catch {
          /* no status, or already gone */
        }
      }
    },
  });

  it('backs up then restores the demo data from the console, confirming each step', async () => {
    const p = openConsole();
    await p.waitFor(/opsdeck  profile demo  env local/, 20_000);
    await p.waitFor(/store +running +● healthy/, 60_000);
    plantOrder('ord-e2e-before');

    // Backup: the list, the inputs form (label defaults to "manual"), the plan, the run.
    p.send('r');
    await p.waitFor(/backup +Back up the order da/);
    p.send('Enter');
    await p.waitFor('label: manual');
    p.send('Enter');
    let screen = await p.waitFor('Plan: Back up the order data');
    expect(screen).toMatch(/prepare +none +no history/);
    expect(screen).toMatch(/\$ sha256sum -c SHA256SUMS/);
    p.send('Enter');
    screen = await p.waitFor(/Run succeeded/, 60_000);
    expect(screen).toMatch(/verify +succeeded/);
    expect(screen).toMatch(/report: .*\/runs\/\d{8}-\d{6}-backup-/);
    const backups = readdirSync(`${suite.demo.dataDirs.local}-backups`);
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(`${suite.demo.dataDirs.local}-backups`, backups[0]!, 'DATA.sha256'), 'utf8')).toContain('ord-e2e-before.json');

    // Data changes after the backup: the restore must bring back the backed-up state.
    plantOrder('ord-e2e-after');

    // Restore: choose the backup (choices_from lists them), confirm the risky steps with y.
    p.send('Escape');
    await p.waitFor(/backup .*succeeded/);
    await typeCommand(p, 'run restore');
    await p.waitFor('backup: < choose >', 20_000);
    p.send('Right');
    await p.waitFor(`backup: < ${backups[0]} >`);
    p.send('Enter');
    screen = await p.waitFor('Plan: Restore the order data');
    expect(screen).toMatch(/stop +y\/N/);
    expect(screen).toContain('$ stop api, store');
    p.send('Enter');
    screen = await p.waitFor(confirmationOf('stop'), 60_000);
    expect(screen).toContain('runs: stop api, store');
    p.send('y');
    screen = await p.waitFor(confirmationOf('restore'), 90_000);
    expect(screen).toMatch(/runs: \/bin\/sh -c .set -e/);
    p.send('y');
    screen = await p.waitFor(/Run succeeded/, 120_000);
    expect(screen).toMatch(/cleanup +succeeded/);

    // The data is the backup's: the order written before it is back, the one after is gone,
    // and the store (started again by the runbook) is healthy.
    expect(existsSync(join(ordersDir(), 'ord-e2e-before.json'))).toBe(true);
    expect(existsSync(join(ordersDir(), 'ord-e2e-after.json'))).toBe(false);
    const restoreRun = runIds().find((id) => id.includes('restore'))!;
    const events = journal(restoreRun);
    expect(events.filter((e) => e.type === 'step-finished' && e.phase === 'main').every((e) => e.outcome === 'succeeded')).toBe(true);
    const res = await fetch(`http://127.0.0.1:${suite.demo.ports.local!.store}/health`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);

    // History: both runs with their outcome; Enter reads the restore's report.
    p.send('Escape');
    await p.waitFor(/restore .*succeeded/);
    p.send('h');
    await p.waitFor('Run history (2)');
    // The history reads the runs store, refreshed as the restore ended and again as the
    // history opened (a frame may be drawn before that refresh lands, hence the wait).
    screen = await p.waitFor(/restore +local +succeeded/);
    expect(screen).toMatch(/backup +local +succeeded/);
    p.send('Enter');
    screen = await p.waitFor('Restore the order data from a backup — succeeded');
    expect(screen).toMatch(/Change reference/);
  }, 300_000);

  it('runs deploy, incident-triage and maintenance as shipped, from the console, each to its end', async () => {
    const p = openConsole();
    await p.waitFor(/opsdeck  profile demo  env local/, 20_000);
    await p.waitFor(/api +running +● healthy/, 60_000);
    const manualOf = (id: string) => new RegExp(`Manual step ${id}: do it[\\s\\S]*\\[y/N\\]`);
    const finish = async (name: string, confirmSteps: string[], manualSteps: string[] = []) => {
      for (const question of [...confirmSteps.map(confirmationOf), ...manualSteps.map(manualOf)]) {
        await p.waitFor(question, 120_000);
        p.send('y');
        await p.waitForGone(question, 30_000);
      }
      const screen = await p.waitFor(/Run (succeeded|failed|stopped)/, 120_000);
      expect(screen, screen).toMatch(/Run succeeded/);
      p.send('Escape');
      await p.waitFor(new RegExp(`${name} .*succeeded`));
    };

    // deploy: the default version, the install confirmed, health gate and smoke check pass.
    await typeCommand(p, 'run deploy');
    await p.waitFor('version: 2.0.0', 20_000);
    p.send('Enter');
    await p.waitFor('Plan: Deploy a new API version');
    p.send('Enter');
    await finish('deploy', ['install']);
    const version = await fetch(`http://127.0.0.1:${suite.demo.ports.local!.api}/version`, { signal: AbortSignal.timeout(5000) });
    expect(((await version.json()) as { version: string }).version).toBe('2.0.0');

    // incident-triage: the bundle is packed; sharing it is the operator's manual step.
    await typeCommand(p, 'run incident-triage');
    await p.waitFor('lines: 200', 20_000);
    p.send('Enter');
    await p.waitFor('Plan: Incident triage bundle');
    p.send('Enter');
    await finish('incident-triage', [], ['share']);
    expect(readdirSync(`${suite.demo.dataDirs.local}-triage`).some((f) => f.endsWith('.tar.gz'))).toBe(true);

    // maintenance: the reason typed into the form; three manual steps around real checks.
    await typeCommand(p, 'run maintenance');
    await p.waitFor(/reason:/, 20_000);
    p.type('e2e window');
    await p.waitFor('reason: e2e window');
    p.send('Enter');
    await p.waitFor('Plan: Maintenance window checklist');
    p.send('Enter');
    await finish('maintenance', [], ['announce', 'work', 'close']);
  }, 400_000);

  it('resumes from a new session after the runner is killed with SIGKILL mid-run; completed steps are not re-run', async () => {
    const before = new Set(runIds());
    const p = openConsole();
    await p.waitFor(/opsdeck  profile demo  env local/, 20_000);
    await p.waitFor(/store +running +● healthy/, 60_000);
    await typeCommand(p, 'run restore');
    await p.waitFor('backup: < choose >', 20_000);
    p.send('Right');
    // The Enter that was lost in CI: sent before the choice had landed, it reached the form
    // while the field still said "choose". Only once the screen shows the chosen backup:
    await p.waitFor(/backup: < (?!choose )\S+ >/);
    p.send('Enter');
    await p.waitFor('Plan: Restore the order data');
    p.send('Enter');
    await p.waitFor(confirmationOf('stop'), 60_000);
    p.send('y');
    // Parked at the next confirmation, after stop and set-aside completed: kill the runner.
    await p.waitFor(confirmationOf('restore'), 90_000);
    const runId = runIds().find((id) => !before.has(id))!;
    const status = JSON.parse(readFileSync(join(runsDir(), runId, 'status.json'), 'utf8')) as { pid: number };
    process.kill(status.pid, 'SIGKILL');
    await until('the runner to die', () => {
      try {
        process.kill(status.pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    p.kill();

    // A new console on the host: the header names the interrupted run; :resume continues it.
    const q = openConsole();
    await q.waitFor(/INTERRUPTED \(:resume\)/, 30_000);
    await typeCommand(q, 'resume');
    const screen = await q.waitFor(confirmationOf('restore'), 60_000);
    expect(screen).toMatch(/stop +succeeded/);
    q.send('y');
    await q.waitFor(/Run succeeded/, 120_000);
    const events = journal(runId);
    const started = (id: string) => events.filter((e) => e.type === 'step-started' && e.stepId === id && e.phase === 'main').length;
    expect(started('stop')).toBe(1);
    expect(started('set-aside')).toBe(1);
    expect(started('restore')).toBe(1);
    expect(events.some((e) => e.type === 'run-resumed')).toBe(true);
    expect(existsSync(join(ordersDir(), 'ord-e2e-before.json'))).toBe(true);
  }, 300_000);
});
