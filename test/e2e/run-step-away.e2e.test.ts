// Stepping away from a run (the tester: "while a question is open there is no way to leave the
// run screen without answering"): Esc leaves it with the question waiting; the detached runner
// goes on waiting, the header says so from any screen, :attach comes back, the answer is taken.
// Every footer on the way offers only keys that work. Real binary in tmux, detached runner.
import { expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable } from '../helpers/tmux.js';
import { typeCommand } from '../helpers/demo-console.js';
import { FixtureConsoleSuite } from '../helpers/fixture-console.js';
import { tempDir } from '../helpers/temp-dir.js';

const suite = new FixtureConsoleSuite();
const lastLine = (screen: string): string => screen.trimEnd().split('\n').pop() ?? '';

describeIfAvailable('stepping away from a run (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

  it('Esc with a question open leaves it waiting; the header says so; :attach returns and y answers it', async () => {
    const dir = tempDir('opsdeck-away-ops-');
    const state = tempDir('opsdeck-away-state-');
    const marker = join(dir, 'risky.ran');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(join(dir, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: {}\nservices:\n  app: {}\n');
    writeFileSync(join(dir, 'runbooks', 'ask.yaml'), `name: ask\nenvironments: [local]\nsteps:\n  - id: first\n    run: [echo, first]\n  - id: risky\n    run: [touch, ${JSON.stringify(marker)}]\n    confirm: true\n`);
    const p = suite.open(dir, { profile: 'p', stateDir: state, cols: 120, rows: 40 });
    await p.waitFor(/▶ app/, 30_000);
    await typeCommand(p, 'run ask');
    await p.waitFor('This runbook takes no inputs', 20_000);
    p.send('Enter');
    await p.waitFor('Enter start the run');
    p.send('Enter');
    await p.waitFor('Run step risky', 60_000);
    // The footer follows the question a frame later: wait for it, then check it whole.
    let screen = await p.waitFor('y yes, run it  s skip this step', 20_000);
    // Only the question's keys work while it is open: no ^C, q, ?, : or "when finished".
    expect(lastLine(screen)).toBe('y yes, run it  s skip this step  n/Enter no (default)  Esc back (the question waits)');

    p.send('Escape');
    await p.waitFor('Runbooks for local');
    await p.waitFor('ask run waiting for an operator (:attach)', 20_000);
    expect(existsSync(marker)).toBe(false);
    p.send('Escape');
    screen = await p.waitFor(/▶ app/);
    expect(screen).toContain('ask run waiting for an operator (:attach)');

    await typeCommand(p, 'attach');
    await p.waitFor('Run step risky', 20_000);
    await p.waitFor('[y/N]', 20_000);
    p.type('y');
    await p.waitFor('Run succeeded', 60_000);
    screen = await p.waitFor('Esc back to the runbooks  ?', 20_000);
    expect(existsSync(marker)).toBe(true);
    expect(lastLine(screen)).toBe('k/j output up  Esc back to the runbooks  ? help  e environment  : command  q quit');
    await p.waitForGone('waiting for an operator');
  }, 150_000);
});
