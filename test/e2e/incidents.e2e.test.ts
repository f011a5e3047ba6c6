// The on-call journey on the real binary in an 80x24 tmux pane, on a private copy of the demo:
// a service fails, `i` Enter starts an incident with it preselected, the triage runbook runs
// from the incident screen, a note, resolve, export — and the exported draft holds it all.
import { expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { DemoConsoleSuite } from '../helpers/demo-console.js';

const suite = new DemoConsoleSuite();

// The console's working directory is where `x` writes the postmortem draft.
const openConsole = (): TmuxPane => suite.open({ cwd: suite.demo.dir });

describeIfAvailable('incidents in the console (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

  it('start an incident on a failing service, run triage from it, note, resolve, export', async () => {
    const p = openConsole();
    // The console starts the demo's services itself: wait for all four before breaking one.
    for (const s of ['store', 'api', 'worker', 'web']) await p.waitFor(new RegExp(`${s} +running +● healthy`), 60_000);
    await suite.demo.control('api', 'fail');
    await p.waitFor(/api +running +✖ unhealthy/, 30_000);

    // i: the form has the unhealthy service preselected and a title; Enter starts it.
    p.send('i');
    let screen = await p.waitFor('Start an incident in local');
    expect(screen).toMatch(/\[x\] api +unhealthy/);
    expect(screen).toMatch(/\[ \] store +healthy/);
    expect(screen).toContain('< P1 >');
    p.send('Enter');
    screen = await p.waitFor(/INC-1 P1 api unhealthy +open/);
    // Every console's header shows it, with elapsed/response target and the update clock, and
    // still ends with user@host at 80 columns (the next maintenance window yields first).
    expect(screen.split('\n')[0]).toMatch(/INC-1 P1 .*\d+s\/30m · upd(ate due in)? \d+m/);
    expect(screen.split('\n')[0]).toMatch(/ env local .* \S+@\S+\s*$/);
    await p.waitFor(/health +api unhealthy/);
    expect(screen).toMatch(/▶ incident-triage/);

    // The triage runbook from the incident screen: inputs (default), plan, run.
    p.send('Enter');
    await p.waitFor('lines: 200');
    p.send('Enter');
    await p.waitFor('Plan: Incident triage bundle');
    p.send('Enter');
    await p.waitFor('Manual step share', 90_000);
    p.send('y');
    await p.waitFor(/Run succeeded/, 60_000);
    await suite.demo.control('api', 'recover');

    // Back to the incident (i opens the open one): the run and its steps are in the timeline.
    p.send('Escape');
    await p.waitFor('Runbooks for local');
    p.send('Escape');
    await p.waitFor(/api +running +● healthy/, 30_000);
    p.send('i');
    screen = await p.waitFor(/runbook incident-triage succeeded/);
    expect(screen).toMatch(/health +api healthy/);

    p.send('n');
    await p.waitFor('INC-1: add note');
    p.type('bundle attached, api recovered by itself');
    p.send('Enter');
    await p.waitFor(/note +bundle attached, api recovered/);

    p.send('R');
    await p.waitFor('INC-1: resolve');
    p.type('upstream blip');
    p.send('Enter');
    await p.waitFor(/resolve +resolved: upstream blip/);
    await p.waitFor(/INC-1 P1 api unhealthy +resolved after/);
    // Resolved: the header no longer shows it.
    await p.waitForGone(/· upd(ate due in)? \d/);

    p.send('x');
    await p.waitFor(/postmortem draft written to .*postmortem-INC-1/);
    const file = join(suite.demo.dir, 'postmortem-INC-1.md');
    expect(existsSync(file)).toBe(true);
    const md = readFileSync(file, 'utf8');
    for (const h of ['# Incident Post-Mortem: INC-1 — api unhealthy', '## Summary', '## Impact', '## Timeline', '## Root Cause Analysis', '## Action Items', '## Lessons Learned']) expect(md).toContain(h);
    expect(md).toMatch(/\| api \| unhealthy \| \d/);
    expect(md).toContain('runbook incident-triage succeeded');
    expect(md).toContain('bundle attached, api recovered by itself');
    expect(md).toContain('- What happened, in one paragraph: upstream blip');
    expect(readdirSync(join(suite.demo.stateDir, 'incidents'))).toEqual(['INC-1.jsonl']);

    p.send('q');
    await until(() => !p.alive());
  }, 300_000);
});

async function until(ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('console did not exit');
    await new Promise((r) => setTimeout(r, 100));
  }
}
