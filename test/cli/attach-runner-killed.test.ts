// `opsdeck attach` (and `opsdeck run`, which attaches to its runner) when the runner dies with
// SIGKILL mid-step: it used to print nothing and exit 1. Now it says the runner of run X is gone,
// where the run stood, and the way on: `opsdeck resume X`, with `--stop-leftovers` when the
// step's processes still run. Real binary, real runner, real SIGKILL.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFixture, type RunFixture } from '../helpers/run-fixture.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { runCli, startCli } from '../helpers/run-cli.js';
import { until } from '../helpers/until.js';

const RUNBOOK = `name: long
title: Long step
steps:
  - id: first
    run: [echo, first done]
  - id: wait
    shell: 'echo $$ > "$MARKERS.pid"; echo "long step began"; exec sleep 120'
  - id: after
    run: [echo, after]
`;

const fixtures: Array<{ fx: RunFixture; runId: string }> = [];
afterAll(async () => {
  // The killed runner's step (sleep) outlives it: stop it the way an operator would.
  for (const { fx, runId } of fixtures) await runCli(['resume', runId, '--abort', '--stop-leftovers', '--yes'], envOf(fx));
  for (const { fx } of fixtures) {
    const pid = stepPid(fx);
    if (pid) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
  removeTempDirs();
});

const envOf = (fx: RunFixture) => ({ OPSDECK_STATE_DIR: fx.stateDir, OPSDECK_DIR: fx.opsDir, OPSDECK_PROFILE: 't', MARKERS: fx.markers });
const stepPid = (fx: RunFixture): number | undefined => (existsSync(`${fx.markers}.pid`) ? Number(readFileSync(`${fx.markers}.pid`, 'utf8').trim()) || undefined : undefined);
const statusOf = (fx: RunFixture, runId: string) => JSON.parse(readFileSync(join(fx.stateDir, 'runs', runId, 'status.json'), 'utf8')) as { pid: number; state: string };

describe('the runner dies while a console is attached', () => {
  it('opsdeck attach says the runner is gone, where the run stood, and resume --stop-leftovers (the step still runs); exit 1', async () => {
    const fx = runFixture({ long: RUNBOOK });
    const started = await runCli(['run', 'long', '--env', 'local', '--yes', '--detach'], envOf(fx));
    expect(started.code, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    fixtures.push({ fx, runId });
    const attached = startCli(['attach', runId], envOf(fx));
    let out = '';
    attached.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until('the long step to run, attached', () => out.includes('long step began') && stepPid(fx), 30_000);
    process.kill(statusOf(fx, runId).pid, 'SIGKILL');
    const r = await attached.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`opsdeck: the runner of run ${runId} is gone (pid ${statusOf(fx, runId).pid} died: killed, out of memory, or the host restarted) during step wait`);
    expect(r.stderr).toContain(`opsdeck: run ${runId} is interrupted: 1 of 3 step(s) done, step wait did not finish`);
    expect(r.stderr).toMatch(new RegExp(`opsdeck: 1 process of step wait still running: pid ${stepPid(fx)} \\(group \\d+\\): sleep 120`));
    expect(r.stderr).toContain(`\`opsdeck resume ${runId} --stop-leftovers\``);
  }, 90_000);

  it('opsdeck run (attached to its runner) says so too; with the step gone as well, the way on is plain resume', async () => {
    const fx = runFixture({ long: RUNBOOK });
    const run = startCli(['run', 'long', '--env', 'local', '--yes'], envOf(fx));
    let out = '';
    run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until('the long step to run', () => out.includes('long step began') && stepPid(fx), 30_000);
    const runId = (await until('the run dir', () => readRunId(fx), 10_000))!;
    fixtures.push({ fx, runId });
    const runner = statusOf(fx, runId).pid;
    // Held still while its step is killed, so the step's end is never journaled; then SIGKILL.
    process.kill(runner, 'SIGSTOP');
    process.kill(stepPid(fx)!, 'SIGKILL');
    process.kill(runner, 'SIGKILL');
    const r = await run.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`opsdeck: the runner of run ${runId} is gone (pid ${runner} died: killed, out of memory, or the host restarted) during step wait`);
    expect(r.stderr).toContain(`opsdeck: resume it: \`opsdeck resume ${runId}\` (finished steps are not run again)`);
    expect(r.stderr).not.toContain('--stop-leftovers');
  }, 90_000);
});

function readRunId(fx: RunFixture): string | undefined {
  const dir = join(fx.stateDir, 'runs');
  return existsSync(dir) ? readdirSync(dir)[0] : undefined;
}
