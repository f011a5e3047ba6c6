// A run outlives the console that started it: kill its tmux session (SIGHUP), the runner goes
// on, waits at the next confirmation, and `opsdeck attach` from a second session answers it.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildCli, type BuiltCli } from '../helpers/build-cli.js';
import { runFixture } from '../helpers/run-fixture.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { startTmux, tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { until } from '../helpers/until.js';

const RUNBOOK = `name: detach
title: Detach test
steps:
  - id: s1
    shell: 'echo "step one begins"; sleep 4; echo s1 >> "$MARKERS"; echo "step one done"'
  - id: s2
    title: Second step
    run: [sh, -c, 'echo s2 >> "$MARKERS"; echo "step two ran"']
    confirm: true
  - id: s3
    shell: 'echo s3 >> "$MARKERS"'
`;

const panes: TmuxPane[] = [];
afterEach(() => {
  for (const p of panes.splice(0)) p.kill();
});
afterAll(removeTempDirs);

describeIfAvailable('detached runner in tmux', tmuxAvailable(), 'tmux is not installed', () => {
  let cli: BuiltCli;
  beforeAll(async () => {
    cli = await buildCli();
  });

  it('keeps running after its console is killed, waits for an operator, and is answered from another session', async () => {
    const fx = runFixture({ detach: RUNBOOK });
    const env = { OPSDECK_STATE_DIR: fx.stateDir, OPSDECK_DIR: fx.opsDir, OPSDECK_PROFILE: 't', MARKERS: fx.markers, NO_COLOR: '1' };
    const a = startTmux(`${process.execPath} ${cli.main} run detach --env local`, { env, cols: 120, rows: 30 });
    panes.push(a);
    await a.waitFor('│ step one begins', 30_000);
    const runId = readdirSync(join(fx.stateDir, 'runs'))[0]!;
    const status = () => JSON.parse(readFileSync(join(fx.stateDir, 'runs', runId, 'status.json'), 'utf8'));
    const runnerPid: number = status().pid;
    a.kill(); // the SSH session drops: SIGHUP to everything in that terminal
    expect(() => process.kill(runnerPid, 0)).not.toThrow();
    // Step one finishes on its own; the run parks before step two, which needs a person.
    await until('the run to wait for an operator', () => status().state === 'waiting', 30_000);
    expect(fx.counts()).toEqual({ s1: 1 });
    const lock = readFileSync(join(fx.stateDir, 'locks', 't-local.lock'), 'utf8');
    expect(lock).toMatch(/waiting for an operator/);

    const b = startTmux(`${process.execPath} ${cli.main} attach`, { env, cols: 120, rows: 30 });
    panes.push(b);
    const screen = await b.waitFor(/\[y\/N/, 30_000);
    expect(screen).toContain('│ step one done'); // the history so far, from the journal
    expect(screen).toContain('will run: sh -c'); // the exact command beside the question
    b.type('y');
    b.send('Enter');
    await b.waitFor('Run succeeded', 30_000);
    expect(b.capture()).toContain('step two ran');
    expect(fx.counts()).toEqual({ s1: 1, s2: 1, s3: 1 });
    const journal = readFileSync(join(fx.stateDir, 'runs', runId, 'journal.jsonl'), 'utf8');
    expect(journal).toMatch(/"type":"confirmation-answered"[^\n]*"stepId":"s2"[^\n]*"via":"attach"/);
    const report = readFileSync(join(fx.stateDir, 'runs', runId, 'report.md'), 'utf8');
    expect(report).toMatch(/Confirmation: confirm — yes via attach/);
  }, 120_000);

  it.each([['--readonly', true], ['an environment that became readonly: true', false]])('attach with %s watches: no question offered, y answers nothing, the run still waits', async (_how, flag) => {
    const fx = runFixture({ detach: RUNBOOK.replace('sleep 4; ', '') });
    const env = { OPSDECK_STATE_DIR: fx.stateDir, OPSDECK_DIR: fx.opsDir, OPSDECK_PROFILE: 't', MARKERS: fx.markers, NO_COLOR: '1' };
    const started = spawnSync(process.execPath, [cli.main, 'run', 'detach', '--env', 'local', '--detach'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const status = () => JSON.parse(readFileSync(join(fx.stateDir, 'runs', runId, 'status.json'), 'utf8'));
    await until('the run to wait for an operator', () => status().state === 'waiting', 30_000);
    // The environment became read-only while the run waited (readonly: true in the profile): the
    // same as --readonly for whoever attaches.
    const profileFile = join(fx.opsDir, 'profiles', 't.yaml');
    if (!flag) writeFileSync(profileFile, readFileSync(profileFile, 'utf8').replace('local: { description: test env }', 'local: { description: test env, readonly: true }'));
    const b = startTmux(`${process.execPath} ${cli.main} attach ${runId}${flag ? ' --readonly' : ''}`, { env, cols: 120, rows: 30 });
    panes.push(b);
    const screen = await b.waitFor('read-only mode: watching only', 30_000);
    await b.waitFor('│ step one done', 30_000);
    expect(screen).not.toMatch(/\[y\/N/);
    b.type('y');
    b.send('Enter');
    b.send('C-c'); // a watcher's Ctrl-C only leaves (it asks the runner nothing)
    await until('the watcher to leave', () => !b.alive(), 30_000);
    expect(fx.counts()).toEqual({ s1: 1 });
    expect(status().state).toBe('waiting');
    // Nobody answers it now: stop the waiting run (SIGTERM ends a runner at a question).
    process.kill(status().pid, 'SIGTERM');
    await until('the runner to stop', () => status().state === 'finished', 30_000);
  }, 120_000);
});
