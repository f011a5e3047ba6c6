// Tester's defect: text pasted with ANSI colour codes crashed the console (exit 70, "Cannot read
// properties of undefined (reading 'startsWith')" in Ink's useInput): Ink reads ESC[31m's 31 as a
// key modifier with ctrl set and hands on the key's name, undefined, as the input. The real binary
// in tmux gets such sequences on the home screen, in a runbook's input field and in the log
// filter, and keeps answering keys (the sequences are dropped, the text around them is typed);
// it exits only on q.
import { expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable } from '../helpers/tmux.js';
import { FixtureConsoleSuite } from '../helpers/fixture-console.js';
import { tempDir } from '../helpers/temp-dir.js';

const suite = new FixtureConsoleSuite();

const RUNBOOK = `name: greet
title: Greet someone
environments: [local]
inputs:
  - name: who
    description: who to greet
steps:
  - id: hi
    run: [echo, "hi {{ inputs.who }}"]
`;

/** Colour codes and other escape sequences Ink has no key name for, each sent in one write. */
const UNKNOWN = ['\x1b[31m', '\x1b[0m', '\x1b[1;31m', '\x1b[m', '\x1b[2J'];

describeIfAvailable('escape sequences pasted into the console (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

  it('colour codes on the home screen, in an input field and in the log filter are dropped; the console keeps running until q', async () => {
    const dir = tempDir('opsdeck-paste-ops-');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'runbooks'));
    // One external service (nothing started, no port) whose log is a file of the ops dir.
    writeFileSync(join(dir, 'profiles', 'p.yaml'), 'name: p\nenvironments:\n  local: {}\nservices:\n  app:\n    logs:\n      - file: app.log\n');
    writeFileSync(join(dir, 'app.log'), 'INFO started\nERROR slow request\nINFO ok\n');
    writeFileSync(join(dir, 'runbooks', 'greet.yaml'), RUNBOOK);
    const p = suite.open(dir, { profile: 'p', stateDir: tempDir('opsdeck-paste-state-'), cols: 110 });
    await p.waitFor(/▶ app +external/, 30_000);

    // Home screen: each sequence alone, then the screen still answers a key.
    for (const seq of UNKNOWN) p.type(seq);
    p.type('r');
    await p.waitFor('Runbooks for local', 15_000);
    expect(p.alive()).toBe(true);

    // An input field: the colour codes are dropped, the text between them is typed.
    p.send('Enter');
    await p.waitFor(/▶ who: *$/m, 15_000);
    p.type('\x1b[1;31mbob\x1b[0m');
    let screen = await p.waitFor(/▶ who: bob *$/m, 15_000);
    expect(screen).not.toMatch(/\[\d*(;\d+)?m/);
    p.send('Escape');
    await p.waitFor('Runbooks for local', 15_000);
    p.send('Escape');
    await p.waitFor(/▶ app +external/, 15_000);

    // The log filter: "ERROR" pasted in red filters on ERROR.
    p.type('l');
    await p.waitFor('ERROR slow request', 15_000);
    p.type('/');
    await p.waitFor('filter (text or /regex/):', 15_000);
    p.type('\x1b[1;31mERROR\x1b[0m');
    await p.waitFor(/filter \(text or \/regex\/\): ERROR\b/, 15_000);
    p.send('Enter');
    screen = await p.waitUntil((s) => /filter ERROR/.test(s) && !s.includes('INFO ok'), 15_000, 'the log filtered on ERROR');
    expect(screen).toContain('ERROR slow request');
    expect(screen).not.toContain('internal error');

    // Only q ends it.
    expect(p.alive()).toBe(true);
    p.type('q');
    await p.waitUntil(() => !p.alive(), 15_000, 'the console to exit on q');
    expect(p.capture()).not.toContain('internal error');
  }, 120_000);
});
