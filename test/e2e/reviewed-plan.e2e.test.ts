// The real binary in tmux, on a private ops dir: a runbook edited while its plan is on screen is
// refused at Enter with what changed (issue 9, defect 2); nothing runs, and re-planning shows
// and runs the new plan.
import { expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { typeCommand } from '../helpers/demo-console.js';
import { FixtureConsoleSuite } from '../helpers/fixture-console.js';
import { runFixture, type RunFixture } from '../helpers/run-fixture.js';

const suite = new FixtureConsoleSuite();

const openConsole = (fx: RunFixture): TmuxPane => suite.open(fx.opsDir, { profile: 't', stateDir: fx.stateDir, env: { NO_COLOR: '1', MARKERS: fx.markers } });

const runbook = (cmd: string) => `name: rb
title: Reviewed plan test
steps:
  - id: one
    shell: 'echo ${cmd} >> "$MARKERS"'
`;

describeIfAvailable('the plan on screen is what runs (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

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
