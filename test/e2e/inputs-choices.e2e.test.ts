// Issue 9, defect 7: the console opens a runbook whose `choices_from` uses another input, and
// stays usable while that input is typed: a half-typed directory whose listing fails says so
// beside the field (it used to replace the whole form with an error, so the operator could never
// type the rest), and the choices appear once the directory lists. Real binary in tmux.
import { expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable } from '../helpers/tmux.js';
import { typeCommand } from '../helpers/demo-console.js';
import { FixtureConsoleSuite } from '../helpers/fixture-console.js';
import { tempDir } from '../helpers/temp-dir.js';

const suite = new FixtureConsoleSuite();

const RUNBOOK = `name: pick
title: Pick an archive from a folder
environments: [local]
inputs:
  - name: dir
    description: folder of archives
  - name: archive
    choices_from: [ls, "-1", "{{ inputs.dir }}"]
steps:
  - id: show
    run: [echo, "chosen {{ inputs.archive }}"]
`;

describeIfAvailable('choices_from that uses another input, in the console (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

  it('a listing that fails for a half-typed input is said beside the field; the form stays and lists once the input is right', async () => {
    const dir = tempDir('opsdeck-choices-ops-');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'runbooks'));
    mkdirSync(join(dir, 'archives'));
    writeFileSync(join(dir, 'archives', 'a-2026.tar'), '');
    writeFileSync(join(dir, 'archives', 'b-2026.tar'), '');
    writeFileSync(join(dir, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: {}\nservices: {}\n');
    writeFileSync(join(dir, 'runbooks', 'pick.yaml'), RUNBOOK);
    const p = suite.open(dir, { profile: 'p', stateDir: tempDir('opsdeck-choices-state-'), cols: 110 });
    await p.waitFor(/env +local/, 30_000);
    await typeCommand(p, 'run pick');
    await p.waitFor('choices listed once dir is filled', 20_000);
    p.type('a');
    // `ls -1 a` fails: said under the archive field, and the dir field is still there to type in.
    let screen = await p.waitFor(/cannot list the choices: `ls -1 a` exit code 2/, 20_000);
    expect(screen).toMatch(/dir: a/);
    p.type('rchives');
    screen = await p.waitFor('2 choices', 20_000);
    expect(screen).not.toContain('cannot list the choices');
    p.send('Tab');
    await p.waitFor(/▶ archive: < choose >|> archive: < choose >/);
    p.send('Right');
    await p.waitFor('< a-2026.tar >');
    p.send('Enter');
    await p.waitFor(/echo 'chosen a-2026\.tar'|echo "chosen a-2026\.tar"|chosen a-2026\.tar/, 20_000);
  }, 120_000);
});
