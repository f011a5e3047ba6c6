// Resume after a crash (issue 9, defect 7): --abort rolls back the interrupted step when it has a
// rollback; a run killed at a confirmation and resumed without a terminal is left waiting (still
// resumable), never ended, and the hint names flags `resume` accepts. Real binary, real runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, type BuiltCli } from '../helpers/build-cli.js';
import { runFixture, type RunFixture } from '../helpers/run-fixture.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

let cli: BuiltCli;
const opsdeck = (fx: RunFixture, ...args: string[]) => spawnSync(process.execPath, [cli.main, ...args], { env: fx.env, encoding: 'utf8', timeout: 60_000 });
const markers = (fx: RunFixture) => (existsSync(fx.markers) ? readFileSync(fx.markers, 'utf8').split('\n').filter(Boolean) : []);
const status = (fx: RunFixture, runId: string) => JSON.parse(readFileSync(join(fx.stateDir, 'runs', runId, 'status.json'), 'utf8')) as { pid: number; state: string };

beforeAll(async () => {
  cli = await buildCli();
});
afterAll(removeTempDirs);

describe('resume decisions', () => {
  it('--abort rolls back the interrupted step first (it has a rollback), then the completed ones', async () => {
    const fx = runFixture({
      rb: `name: rb
on_failure: rollback
steps:
  - id: s1
    shell: 'echo s1 >> "$MARKERS"'
    rollback: { shell: 'echo undo-s1 >> "$MARKERS"' }
  - id: s2
    shell: 'echo "start s2" >> "$MARKERS"; sleep 30; echo s2 >> "$MARKERS"'
    rollback: { shell: 'echo undo-s2 >> "$MARKERS"' }
  - id: s3
    shell: 'echo s3 >> "$MARKERS"'
`,
    });
    const started = opsdeck(fx, 'run', 'rb', '--env', 'local', '--detach');
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    await until('s2 to start', () => markers(fx).includes('start s2'));
    process.kill(status(fx, runId).pid, 'SIGKILL');
    const r = opsdeck(fx, 'resume', runId, '--stop-leftovers', '--abort');
    expect(r.status, r.stdout + r.stderr).toBe(130);
    expect(markers(fx)).toEqual(['s1', 'start s2', 'undo-s2', 'undo-s1']);
    expect(readFileSync(join(fx.stateDir, 'runs', runId, 'report.md'), 'utf8')).toMatch(/aborted, rolled back/);
  }, 90_000);

  it('a run killed at a confirmation, resumed without a terminal, waits (resumable) and names --yes; resume --yes finishes it', async () => {
    const fx = runFixture({
      rb: `name: rb
steps:
  - id: s1
    shell: 'echo s1 >> "$MARKERS"'
  - id: s2
    shell: 'echo s2 >> "$MARKERS"'
    confirm: true
`,
    });
    const started = opsdeck(fx, 'run', 'rb', '--env', 'local', '--detach');
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    await until('the runner to wait at the confirmation', () => status(fx, runId).state === 'waiting');
    process.kill(status(fx, runId).pid, 'SIGKILL');
    await until('the runner to be gone', () => {
      try {
        process.kill(status(fx, runId).pid, 0);
        return false;
      } catch {
        return true;
      }
    });

    const noTty = opsdeck(fx, 'resume', runId);
    expect(noTty.status, noTty.stdout + noTty.stderr).toBe(1);
    expect(noTty.stdout).toMatch(/left waiting, still resumable: step "s2" needs a confirmation: pass --yes to confirm it/);
    expect(noTty.stderr).toContain(`run ${runId} is waiting for an answer nobody could give here; it is NOT over: \`opsdeck resume ${runId} --yes\``);
    expect(markers(fx)).toEqual(['s1']);
    const hist = JSON.parse(opsdeck(fx, 'history', '--json').stdout) as unknown;
    expect(JSON.stringify(hist)).not.toMatch(/"outcome":"stopped"/);

    const yes = opsdeck(fx, 'resume', runId, '--yes');
    expect(yes.status, yes.stdout + yes.stderr).toBe(0);
    expect(markers(fx)).toEqual(['s1', 's2']);
  }, 90_000);
});
