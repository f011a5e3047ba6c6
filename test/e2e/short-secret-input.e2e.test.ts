// A secret input shorter than 4 characters cannot be masked (MIN_SECRET_LENGTH): the console's
// inputs form says so beside the field, as for a pattern, and the run does not start until the
// value is long enough. Real binary in tmux.
import { expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable } from '../helpers/tmux.js';
import { typeCommand } from '../helpers/demo-console.js';
import { FixtureConsoleSuite } from '../helpers/fixture-console.js';
import { tempDir } from '../helpers/temp-dir.js';

const suite = new FixtureConsoleSuite();

const RUNBOOK = `name: pw
title: Say the password
environments: [local]
inputs:
  - { name: pw, secret: true }
steps:
  - { id: say, shell: 'echo "pw is $OPSDECK_INPUT_PW"' }
`;

describeIfAvailable('a short secret input in the console form (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

  it('a 3-character secret is a problem beside its field; nothing runs', async () => {
    const dir = tempDir('opsdeck-short-secret-ops-');
    const state = tempDir('opsdeck-short-secret-state-');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(join(dir, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: {}\nservices: {}\n');
    writeFileSync(join(dir, 'runbooks', 'pw.yaml'), RUNBOOK);
    const p = suite.open(dir, { profile: 'p', stateDir: state, cols: 140 });
    await p.waitFor(/env +local/, 30_000);
    await typeCommand(p, 'run pw');
    await p.waitFor(/pw:/, 20_000);
    p.type('pw1');
    const screen = await p.waitFor('a secret needs at least 4 characters', 20_000);
    expect(screen).toContain('input "pw": a secret needs at least 4 characters (a shorter one cannot be masked');
    expect(screen).not.toContain('pw1');
    p.send('Enter');
    await p.waitFor('a secret needs at least 4 characters');
    const runs = join(state, 'runs');
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
    p.type('2');
    await p.waitForGone('a secret needs at least 4 characters', 20_000);
  }, 120_000);
});
