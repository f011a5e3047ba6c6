// Tester's defects in what the console says, on the real binary in tmux: a log filter that is
// not a valid /regex/ says so (as `opsdeck logs --grep '('` does) instead of "no line matches";
// a mistyped `:` command gets the "did you mean" headless `opsdeck stauts` gets.
import { expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable } from '../helpers/tmux.js';
import { typeCommand } from '../helpers/demo-console.js';
import { FixtureConsoleSuite } from '../helpers/fixture-console.js';
import { tempDir } from '../helpers/temp-dir.js';

const suite = new FixtureConsoleSuite();

/** An ops dir with one external service (no port, nothing started) whose log is a file. */
function opsDir(): string {
  const dir = tempDir('opsdeck-messages-ops-');
  mkdirSync(join(dir, 'profiles'));
  writeFileSync(join(dir, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: {}\nservices:\n  app:\n    logs:\n      - file: app.log\n');
  writeFileSync(join(dir, 'app.log'), 'INFO started\nERROR slow request\nINFO ok\n');
  return dir;
}

describeIfAvailable('what the console says (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

  it('an invalid /regex/ log filter says the regex is invalid, not that no line matches', async () => {
    const p = suite.open(opsDir(), { profile: 'p', stateDir: tempDir('opsdeck-messages-state-'), cols: 110 });
    await p.waitFor(/▶ app +external/, 30_000);
    p.type('l');
    await p.waitFor('ERROR slow request', 15_000);
    p.type('/');
    await p.waitFor('filter (text or /regex/):', 15_000);
    p.type('/slow|(/');
    await p.waitFor(/filter \(text or \/regex\/\): \/slow\|\(\/ *(Enter|$)/m, 15_000);
    p.send('Enter');
    const screen = await p.waitFor(/filter \/slow\|\(\//, 15_000);
    expect(screen).toContain('invalid regular expression "slow|(": Unterminated group');
    expect(screen).not.toContain('no line matches');
    expect(screen).not.toContain('INFO ok');
    // Corrected (/ reopens the line with the filter in it; ctrl+u empties it), it filters again.
    p.type('/');
    await p.waitFor(/filter \(text or \/regex\/\): \/slow\|\(\//, 15_000);
    p.send('C-u');
    await p.waitFor(/filter \(text or \/regex\/\): *(Enter|$)/m, 15_000);
    p.type('/slow|boom/');
    await p.waitFor(/filter \(text or \/regex\/\): \/slow\|boom\//, 15_000);
    p.send('Enter');
    const fixed = await p.waitFor(/filter \/slow\|boom\//, 15_000);
    expect(fixed).toContain('ERROR slow request');
    expect(fixed).not.toContain('invalid regular expression');
  }, 120_000);

  it('a mistyped : command says which command was meant', async () => {
    const p = suite.open(opsDir(), { profile: 'p', stateDir: tempDir('opsdeck-messages-state-'), cols: 110 });
    await p.waitFor(/▶ app +external/, 30_000);
    await typeCommand(p, 'hstory');
    await p.waitFor('unknown command ":hstory" (did you mean ":history"?) — try :', 15_000);
    // Nothing close: no guess.
    await typeCommand(p, 'zzzzzz');
    const screen = await p.waitFor('unknown command ":zzzzzz" — try :', 15_000);
    expect(screen).not.toContain('did you mean');
  }, 120_000);
});
