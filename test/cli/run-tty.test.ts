// `opsdeck run` on a real terminal (tmux): y/N defaults to No, the change reference is asked,
// typed confirmations refuse a wrong environment name.
import { it, expect, afterEach, afterAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { startTmux, tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { REPO_ROOT } from '../helpers/demo-ops-dir.js';

const panes: TmuxPane[] = [];
afterEach(() => panes.splice(0).forEach((p) => p.kill()));
afterAll(removeTempDirs);

function opsDir(): { ops: string; data: string } {
  const ops = tempDir('opsdeck-run-tty-');
  const data = join(ops, 'data');
  for (const d of ['profiles', 'runbooks', 'data']) mkdirSync(join(ops, d));
  writeFileSync(join(ops, 'profiles', 'shop.yaml'), `name: shop\nenvironments:\n  local: { vars: { data_dir: "${data}" } }\n  production: { protected: true, vars: { data_dir: "${data}" } }\nservices: {}\n`);
  writeFileSync(join(ops, 'runbooks', 'tty.yaml'), `name: tty\nsteps:\n  - { id: first, run: [touch, "{{ vars.data_dir }}/first"] }\n  - { id: risky, run: [touch, "{{ vars.data_dir }}/risky"], confirm: true }\n`);
  return { ops, data };
}

function run(ops: string, env: string, runbook = 'tty'): TmuxPane {
  const cmd = `'${process.execPath}' '${join(REPO_ROOT, 'bin', 'opsdeck.js')}' run ${runbook} --env ${env} --dir '${ops}'; echo EXIT=$?`;
  const pane = startTmux(cmd, { cols: 120, rows: 40, env: { OPSDECK_STATE_DIR: join(ops, '.state'), NO_COLOR: '1' } });
  panes.push(pane);
  return pane;
}

/** A protected run's two questions, each answered once it is on screen: the change reference (OPS-42), then `typed` as the environment's name. */
async function answerProtected(pane: TmuxPane, typed: string): Promise<void> {
  await pane.waitFor('Change reference (ticket id):');
  pane.type('OPS-42');
  pane.send('Enter');
  await pane.waitFor('Type the environment name (production)');
  pane.type(typed);
  pane.send('Enter');
}

describeIfAvailable('opsdeck run on a terminal', tmuxAvailable(), 'tmux is not installed', () => {
  it('y/N defaults to No: Enter alone stops before the step', async () => {
    const { ops, data } = opsDir();
    const pane = run(ops, 'local');
    await pane.waitFor(/risky: risky\? \[y\/N\/s=skip\]/);
    expect(pane.capture()).toContain(`will run: touch ${data}/risky`);
    pane.send('Enter');
    await pane.waitFor('EXIT=1');
    expect(existsSync(join(data, 'first'))).toBe(true);
    expect(existsSync(join(data, 'risky'))).toBe(false);
    // Answered at this terminal's prompt, not by `opsdeck attach`: journal and report say tty.
    const state = join(ops, '.state');
    const [runId] = readdirSync(join(state, 'runs'));
    const journal = readFileSync(join(state, 'runs', runId!, 'journal.jsonl'), 'utf8');
    expect(journal).toMatch(/"type":"confirmation-answered"[^\n]*"stepId":"risky"[^\n]*"via":"tty"/);
    expect(readFileSync(join(state, 'runs', runId!, 'report.md'), 'utf8')).toMatch(/Confirmation: confirm — no via tty/);
  });

  it('a runner waiting at a confirmation honours SIGTERM: the run stops, the lock is released', async () => {
    const { ops, data } = opsDir();
    const state = join(ops, '.state');
    const pane = run(ops, 'local');
    await pane.waitFor(/risky: risky\? \[y\/N\/s=skip\]/);
    const [runId] = readdirSync(join(state, 'runs'));
    const status = JSON.parse(readFileSync(join(state, 'runs', runId!, 'status.json'), 'utf8'));
    process.kill(status.pid, 'SIGTERM');
    await pane.waitFor(/EXIT=1/);
    const journal = readFileSync(join(state, 'runs', runId!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(journal.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'stopped', message: expect.stringMatching(/SIGTERM while waiting for an answer/) });
    expect(readdirSync(join(state, 'locks')).filter((f) => f.endsWith('.lock'))).toEqual([]);
    expect(existsSync(join(data, 'risky'))).toBe(false);
  });

  it('protected: asks the change reference; a wrong typed name is refused and asked again, nothing typed is a no; the right one runs', async () => {
    const { ops, data } = opsDir();
    const pane = run(ops, 'production');
    await answerProtected(pane, 'prod');
    // A typo asks again (it used to end the run, change reference and all).
    await pane.waitFor(/typed confirmation refused for step \S+: expected the environment name "production"[\s\S]*Type the environment name \(production\)/);
    expect(existsSync(join(data, 'risky'))).toBe(false);
    pane.send('Enter'); // nothing typed: no
    await pane.waitFor('EXIT=1');
    expect(existsSync(join(data, 'risky'))).toBe(false);

    const again = run(ops, 'production');
    await answerProtected(again, 'production');
    await again.waitFor('EXIT=0');
    expect(again.capture()).toMatch(/change OPS-42/);
    expect(existsSync(join(data, 'risky'))).toBe(true);
  });
});

describeIfAvailable('Ctrl-C on a terminal', tmuxAvailable(), 'tmux is not installed', () => {
  it('asks before aborting; "n" keeps the step running, "y" kills its group and exits 130', async () => {
    const { ops, data } = opsDir();
    writeFileSync(join(ops, 'runbooks', 'slow.yaml'), `name: slow\nsteps:\n  - { id: wait, shell: 'echo started; sleep 60 & sleep 60; wait' }\n  - { id: after, run: [touch, "{{ vars.data_dir }}/after"] }\n`);
    const pane = run(ops, 'local', 'slow');
    await pane.waitFor('│ started');
    pane.send('C-c');
    await pane.waitFor('Abort the running step?');
    pane.send('n', 'Enter');
    await new Promise((r) => setTimeout(r, 500));
    expect(pane.capture()).not.toContain('EXIT=');
    pane.send('C-c');
    await pane.waitFor(/Abort the running step\?[\s\S]*Abort the running step\?/);
    pane.send('y', 'Enter');
    await pane.waitFor('EXIT=130');
    expect(pane.capture()).toMatch(/Run aborted/);
    expect(existsSync(join(data, 'after'))).toBe(false);
  });
});
