// The real binary in tmux, on a private ops dir: a runbook edited while its plan is on screen is
// refused at Enter with what changed (issue 9, defect 2); nothing runs, and re-planning shows
// and runs the new plan.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../helpers/run-cli.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { startTmux, tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { REPO_ROOT } from '../helpers/demo-ops-dir.js';
import { typeCommand } from '../helpers/demo-console.js';
import { runFixture, type RunFixture } from '../helpers/run-fixture.js';
import { removeTempDirs } from '../helpers/temp-dir.js';

const BIN = join(REPO_ROOT, 'bin', 'opsdeck.js');
const panes: TmuxPane[] = [];

function openConsole(fx: RunFixture): TmuxPane {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} --dir ${JSON.stringify(fx.opsDir)} --profile t`;
  const pane = startTmux(command, { cols: 100, rows: 30, cwd: REPO_ROOT, env: { OPSDECK_STATE_DIR: fx.stateDir, PATH: process.env.PATH ?? '', NO_COLOR: '1', MARKERS: fx.markers } });
  panes.push(pane);
  return pane;
}

const runbook = (cmd: string) => `name: rb
title: Reviewed plan test
steps:
  - id: one
    shell: 'echo ${cmd} >> "$MARKERS"'
`;

describeIfAvailable('the plan on screen is what runs (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  beforeAll(() => ensureBuilt());
  afterEach(() => {
    for (const p of panes.splice(0)) p.kill();
  });
  afterAll(removeTempDirs);

  it('refuses at Enter when the runbook changed while its plan was shown, then runs the re-planned one', async () => {
    const fx = runFixture({ rb: runbook('reviewed') });
    const p = openConsole(fx);
    await p.waitFor(/opsdeck  profile t  env local/, 20_000);
    await typeCommand(p, 'run rb');
    await p.waitFor('Enter next / plan');
    p.send('Enter');
    await p.waitFor('Plan: Reviewed plan test');
    await p.waitFor('echo reviewed');
    writeFileSync(join(fx.opsDir, 'runbooks', 'rb.yaml'), runbook('edited'));
    p.send('Enter');
    const screen = await p.waitFor(/\$ \/bin\/sh -c 'echo edited/, 30_000);
    expect(screen).toMatch(/The runbook changed since this plan was shown; nothing ran\. Below is the NEW plan/);
    expect(screen).toMatch(/- step one: command shell "echo reviewed >> \\"\$MARKERS\\"" → shell "echo edited/);
    expect(screen).not.toContain('echo reviewed >> "$MARKERS"\'');
    expect(fx.counts()).toEqual({});
    // Re-planned: the new plan is on screen; Enter runs exactly it.
    p.send('Enter');
    await p.waitFor(/Run succeeded/, 60_000);
    expect(fx.counts()).toEqual({ edited: 1 });
  }, 120_000);
});
