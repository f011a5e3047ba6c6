// Guard pause in the console (issue 9: "a guard pause offers retry as well as rollback and
// continue"): a guarded service turns unhealthy during the run; at the next step boundary the run
// pauses and offers stop, roll back, retry and continue; the operator fixes the service and
// retries: health is checked again and the run goes on. Real binary in tmux, real health checks.
import { expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfAvailable } from '../helpers/requirements.js';
import { tmuxAvailable } from '../helpers/tmux.js';
import { typeCommand } from '../helpers/demo-console.js';
import { FixtureConsoleSuite } from '../helpers/fixture-console.js';
import { tempDir } from '../helpers/temp-dir.js';

const suite = new FixtureConsoleSuite();

describeIfAvailable('guard pause in the console (tmux)', tmuxAvailable(), 'tmux is not installed', () => {
  suite.install();

  it('offers stop, roll back, retry and continue; retry after the fix checks again and goes on', async () => {
    const dir = tempDir('opsdeck-guard-ops-');
    const state = tempDir('opsdeck-guard-state-');
    const flag = join(dir, 'healthy.flag');
    const marker = join(dir, 'second-step.ran');
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(flag, 'ok\n');
    writeFileSync(join(dir, 'profiles', 'p.yaml'), `name: p\nenvironments:\n  local: {}\nservices:\n  api:\n    health:\n      - command: [test, -f, ${JSON.stringify(flag)}]\n`);
    writeFileSync(join(dir, 'runbooks', 'guarded.yaml'), `name: guarded\nenvironments: [local]\nguard: [api]\nsteps:\n  - id: break\n    run: [rm, ${JSON.stringify(flag)}]\n  - id: after\n    run: [touch, ${JSON.stringify(marker)}]\n`);
    const p = suite.open(dir, { profile: 'p', stateDir: state, cols: 110, rows: 32 });
    await p.waitFor(/▶ api/, 30_000);
    await typeCommand(p, 'run guarded');
    await p.waitFor('This runbook takes no inputs', 20_000);
    p.send('Enter');
    await p.waitFor('Enter start the run');
    p.send('Enter');
    await p.waitFor('Guarded service(s) regressed', 60_000);
    // The question's keys reach the footer a frame after the question itself.
    const screen = await p.waitFor(/t retry \(check health again\)/);
    expect(screen).toMatch(/r roll back completed steps/);
    expect(screen).toMatch(/c continue anyway/);
    expect(screen).toMatch(/x stop the run/);
    expect(existsSync(marker)).toBe(false);
    writeFileSync(flag, 'fixed\n');
    p.type('t');
    await p.waitFor(/Run succeeded/, 60_000);
    expect(existsSync(marker)).toBe(true);
    const [runId] = readdirSync(join(state, 'runs'));
    const events = readFileSync(join(state, 'runs', runId!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; purpose?: string; choice?: string });
    expect(events.filter((e) => e.type === 'confirmation-answered' && e.purpose === 'guard').map((e) => e.choice)).toEqual(['retry']);
  }, 150_000);
});
