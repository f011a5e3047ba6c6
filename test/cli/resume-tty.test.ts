// SIGKILL the runner mid-step, then `opsdeck resume` from a new terminal: completed steps are
// not run again, the interrupted one is named and the operator chooses re-run at the prompt.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildCli, type BuiltCli } from '../helpers/build-cli.js';
import { runFixture } from '../helpers/run-fixture.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { startTmux, tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { describeIfAvailable } from '../helpers/requirements.js';

const RUNBOOK = `name: long
steps:
  - id: s1
    shell: 'echo s1 >> "$MARKERS"'
  - id: s2
    shell: 'echo "start s2" >> "$MARKERS"; sleep 3; echo s2 >> "$MARKERS"'
  - id: s3
    shell: 'echo s3 >> "$MARKERS"'
`;

const panes: TmuxPane[] = [];
afterEach(() => panes.splice(0).forEach((p) => p.kill()));
afterAll(removeTempDirs);

describeIfAvailable('resume after the runner was killed', tmuxAvailable(), 'tmux is not installed', () => {
  let cli: BuiltCli;
  beforeAll(async () => {
    cli = await buildCli();
  });

  it('names the interrupted step, never re-runs the completed one, re-runs the interrupted one on request', async () => {
    const fx = runFixture({ long: RUNBOOK });
    const started = spawnSync(process.execPath, [cli.main, 'run', 'long', '--env', 'local', '--yes', '--detach'], { env: fx.env, encoding: 'utf8' });
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const dir = join(fx.stateDir, 'runs', runId);
    const deadline = Date.now() + 30_000;
    while (!readFileSync(fx.markers, { flag: 'a+', encoding: 'utf8' }).includes('start s2')) {
      if (Date.now() > deadline) throw new Error('s2 never started');
      await new Promise((r) => setTimeout(r, 50));
    }
    const pid: number = JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')).pid;
    process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 3500)); // the orphaned step finishes on its own
    const hist = spawnSync(process.execPath, [cli.main, 'history', '--json'], { env: fx.env, encoding: 'utf8' });
    expect(JSON.parse(hist.stdout).runs[0]).toMatchObject({ id: runId, outcome: 'interrupted' });

    const env = { OPSDECK_STATE_DIR: fx.stateDir, OPSDECK_DIR: fx.opsDir, OPSDECK_PROFILE: 't', MARKERS: fx.markers, NO_COLOR: '1' };
    const pane = startTmux(`${process.execPath} ${cli.main} resume; echo EXIT=$?`, { env, cols: 120, rows: 40 });
    panes.push(pane);
    const screen = await pane.waitFor(/rerun/, 30_000);
    expect(screen).toContain('completed (will not run again): s1');
    expect(screen).toMatch(/interrupted: s2/);
    pane.type('rerun');
    pane.send('Enter');
    await pane.waitFor('EXIT=0', 30_000);
    expect(fx.counts()).toEqual({ s1: 1, s2: 2, s3: 1 }); // s2: the orphan finished, then the chosen re-run
    const journal = readdirSync(dir).includes('report.md') ? readFileSync(join(dir, 'report.md'), 'utf8') : '';
    expect(journal).toMatch(/Resumed \| 1 time/);
  }, 120_000);
});
