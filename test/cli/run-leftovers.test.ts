// `opsdeck run` with steps that leave processes behind (setsid daemons, double forks, SIGTERM
// ignored): a timeout and a Ctrl-C abort end the step, every process it started, and release
// the environment lock. Real binary, real processes; without and with a terminal (tmux).
import { describe, it, expect, afterEach, afterAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { startTmux, tmuxAvailable, type TmuxPane } from '../helpers/tmux.js';
import { describeIfAvailable } from '../helpers/requirements.js';
import { REPO_ROOT } from '../helpers/demo-ops-dir.js';
import { isLive, procInfo } from '../../src/adapters/system/proc-info.js';
import { createStepCgroup } from '../../src/adapters/system/step-cgroup.js';
import { findMarked } from '../../src/adapters/system/run-processes.js';
import { EXIT } from '../../src/domain/errors.js';
import { until } from '../helpers/until.js';

/** Whether this host lets us make a cgroup per step (cgroup v2, root or a delegated subtree). */
const cgroupOk = ((): boolean => {
  const cg = createStepCgroup(`probe-${process.pid}`);
  cg?.release();
  return !!cg;
})();

const panes: TmuxPane[] = [];
afterEach(() => panes.splice(0).forEach((p) => p.kill()));
afterAll(removeTempDirs);

// A daemon in its own session, a double-forked TERM-ignorer, and a TERM-ignoring leader.
const leaving = (pids: string) =>
  `setsid sh -c 'echo $$ >> ${pids}; exec sleep 300' & (sh -c 'trap "" TERM; echo $$ >> ${pids}; while :; do sleep 0.2; done' &) ; trap "" TERM; echo $$ >> ${pids}; echo started; while :; do sleep 0.2; done`;

function opsDir(timeout: string): { ops: string; pids: string; data: string } {
  const ops = tempDir('opsdeck-leftovers-');
  const data = join(ops, 'data');
  for (const d of ['profiles', 'runbooks', 'data']) mkdirSync(join(ops, d));
  const pids = join(data, 'pids');
  writeFileSync(join(ops, 'profiles', 'shop.yaml'), `name: shop\nenvironments:\n  local: {}\nservices: {}\n`);
  writeFileSync(join(ops, 'runbooks', 'leave.yaml'), `name: leave\nsteps:\n  - id: leave\n    ${timeout ? `timeout: ${timeout}\n    ` : ''}shell: ${JSON.stringify(leaving(pids))}\n  - { id: after, run: [touch, "${data}/after"] }\n`);
  return { ops, pids, data };
}

const pidsIn = (file: string): number[] => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);
const locks = (stateDir: string): string[] => (existsSync(join(stateDir, 'locks')) ? readdirSync(join(stateDir, 'locks')).filter((f) => f.endsWith('.lock')) : []);

describe.runIf(process.platform === 'linux')('a timed-out step that leaves processes behind', () => {
  it('ends at the timeout, kills all of them, releases the lock, and the run stops', async () => {
    const { ops, pids, data } = opsDir('1s');
    const state = join(ops, '.state');
    const r = await runCli(['run', 'leave', '--env', 'local', '--dir', ops], { OPSDECK_STATE_DIR: state }, 60_000);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/timed-out/);
    expect(r.stdout + r.stderr).toMatch(/timed out after 1000ms: ended \d+ processes it started/);
    expect(pidsIn(pids)).toHaveLength(3);
    expect(pidsIn(pids).filter((p) => isLive(procInfo(p)))).toEqual([]);
    expect(locks(state)).toEqual([]);
    expect(existsSync(join(data, 'after'))).toBe(false);
  });
});

describeIfAvailable('Ctrl-C abort of a step that leaves processes behind', tmuxAvailable() && process.platform === 'linux', 'tmux is not installed', () => {
  it('kills every process it started (setsid, double fork, TERM ignored), releases the lock, exits 130', async () => {
    const { ops, pids, data } = opsDir('');
    const state = join(ops, '.state');
    const cmd = `'${process.execPath}' '${join(REPO_ROOT, 'bin', 'opsdeck.js')}' run leave --env local --dir '${ops}'; echo EXIT=$?`;
    const pane = startTmux(cmd, { cols: 120, rows: 40, env: { OPSDECK_STATE_DIR: state, NO_COLOR: '1' } });
    panes.push(pane);
    await pane.waitFor('│ started');
    pane.send('C-c');
    await pane.waitFor('Abort the running step?');
    pane.send('y', 'Enter');
    await pane.waitFor('EXIT=130');
    expect(pidsIn(pids)).toHaveLength(3);
    expect(pidsIn(pids).filter((p) => isLive(procInfo(p)))).toEqual([]);
    expect(locks(state)).toEqual([]);
    expect(existsSync(join(data, 'after'))).toBe(false);
  });
});

describeIfAvailable('a step whose processes clear their environment (env -i)', cgroupOk && process.platform === 'linux', 'no cgroup v2 this process may write (root or a delegated subtree)', () => {
  it('are found through the step\'s cgroup: a timeout ends them; after a normal end the cgroup is gone', async () => {
    const ops = tempDir('opsdeck-leftovers-envi-');
    const data = join(ops, 'data');
    for (const d of ['profiles', 'runbooks', 'data']) mkdirSync(join(ops, d));
    const pids = join(data, 'pids');
    writeFileSync(join(ops, 'profiles', 'shop.yaml'), 'name: shop\nenvironments:\n  local: {}\nservices: {}\n');
    // Without the marker in their environment: a setsid daemon and a double fork, both env -i.
    const script = `setsid env -i sh -c 'echo $$ >> ${pids}; exec sleep 300' & (env -i sh -c 'trap "" TERM; echo $$ >> ${pids}; while :; do sleep 0.2; done' &) ; echo started; sleep 300`;
    writeFileSync(join(ops, 'runbooks', 'envi.yaml'), `name: envi\nsteps:\n  - id: envi\n    timeout: 1s\n    shell: ${JSON.stringify(script)}\n`);
    writeFileSync(join(ops, 'runbooks', 'daemon.yaml'), `name: daemon\nsteps:\n  - id: launch\n    shell: "setsid env -i sh -c 'echo $$ >> ${pids}.daemon; exec sleep 301' >/dev/null 2>&1 &"\n`);
    const state = join(ops, '.state');
    const r = await runCli(['run', 'envi', '--env', 'local', '--dir', ops], { OPSDECK_STATE_DIR: state }, 60_000);
    expect(r.stdout + r.stderr).toMatch(/envi timed-out/);
    expect(pidsIn(pids)).toHaveLength(2);
    expect(pidsIn(pids).filter((p) => isLive(procInfo(p)))).toEqual([]);
    expect(locks(state)).toEqual([]);
    // A daemon a successful step launched is left running (as ever), back in opsdeck's cgroup.
    const d = await runCli(['run', 'daemon', '--env', 'local', '--dir', ops], { OPSDECK_STATE_DIR: state }, 60_000);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    const [daemon] = pidsIn(`${pids}.daemon`);
    try {
      expect(isLive(procInfo(daemon!))).toBe(true);
      expect(readFileSync(`/proc/${daemon}/cgroup`, 'utf8')).not.toMatch(/opsdeck-step-/);
    } finally {
      process.kill(daemon!, 'SIGKILL');
    }
  }, 90_000);

  it('are found after their runner died: a take-over is refused beside them, resume --stop-leftovers ends them', async () => {
    const ops = tempDir('opsdeck-leftovers-envi-dead-');
    const data = join(ops, 'data');
    for (const d of ['profiles', 'runbooks', 'data']) mkdirSync(join(ops, d));
    const pids = join(data, 'pids');
    writeFileSync(join(ops, 'profiles', 'shop.yaml'), 'name: shop\nenvironments:\n  local: {}\nservices: {}\n');
    // The step's own shell (marked) ends 2 s in; what it left cleared the marker and ignores TERM.
    const script = `env -i sh -c 'trap "" TERM; echo $$ >> ${pids}; exec sleep 302' & echo started; sleep 2`;
    writeFileSync(join(ops, 'runbooks', 'hold.yaml'), `name: hold\nsteps:\n  - id: hold\n    shell: ${JSON.stringify(script)}\n`);
    const state = join(ops, '.state');
    const env = { OPSDECK_STATE_DIR: state };
    const started = await runCli(['run', 'hold', '--env', 'local', '--dir', ops, '--yes', '--detach'], env, 60_000);
    expect(started.code, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    try {
      await until('the left-behind process to start', () => pidsIn(pids).length === 1, 20_000, 25);
      const runner = JSON.parse(readFileSync(join(state, 'runs', runId, 'status.json'), 'utf8')).pid as number;
      process.kill(runner, 'SIGKILL');
      await until('the runner and the step\'s marked shell to end', () => !isLive(procInfo(runner)) && findMarked({ name: 'OPSDECK_RUN_ID', value: runId }).length === 0, 20_000, 25);
      const [left] = pidsIn(pids);
      expect(isLive(procInfo(left!))).toBe(true);
      const takeOver = await runCli(['run', 'hold', '--env', 'local', '--dir', ops, '--yes', '--take-over'], env, 60_000);
      expect(takeOver.code, takeOver.stdout + takeOver.stderr).toBe(1);
      expect(takeOver.stderr).toMatch(/its runner is gone but 1 process of its run still runs \(pid \d+: sleep 302\): not stale/);
      expect(pidsIn(pids)).toHaveLength(1);
      const stop = await runCli(['resume', runId, '--abort', '--stop-leftovers', '--dir', ops], env, 60_000);
      expect(stop.stdout).toMatch(/still running from the dead runner:\n\s+pid \d+ \(group \d+\): sleep 302\n\s+stopped them/);
      expect(stop.stdout).toMatch(/Run aborted in/);
      expect(stop.code).toBe(EXIT.userAbort);
      expect(isLive(procInfo(left!))).toBe(false);
      expect(locks(state)).toEqual([]);
    } finally {
      for (const pid of pidsIn(pids)) if (isLive(procInfo(pid))) process.kill(pid, 'SIGKILL');
    }
  }, 90_000);
});

describe.runIf(process.platform === 'linux')('processes a successful step left running (a daemon it started)', () => {
  it('a daemon a successful step started is not the interrupted step: it neither keeps the dead runner\'s lock nor is stopped as a leftover', async () => {
    const ops = tempDir('opsdeck-leftovers-launched-');
    const data = join(ops, 'data');
    for (const d of ['profiles', 'runbooks', 'data']) mkdirSync(join(ops, d));
    writeFileSync(join(ops, 'profiles', 'shop.yaml'), 'name: shop\nenvironments:\n  local: {}\nservices: {}\n');
    const launch = `setsid sh -c 'echo $$ > ${data}/daemon; exec sleep 303' & echo launched`;
    const hold = `echo $$ > ${data}/hold; exec sleep 304`;
    writeFileSync(join(ops, 'runbooks', 'launch.yaml'), `name: launch\nsteps:\n  - id: launch\n    shell: ${JSON.stringify(launch)}\n  - id: hold\n    shell: ${JSON.stringify(hold)}\n`);
    const state = join(ops, '.state');
    const env = { OPSDECK_STATE_DIR: state };
    const started = await runCli(['run', 'launch', '--env', 'local', '--dir', ops, '--yes', '--detach'], env, 60_000);
    expect(started.code, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const pidOf = (name: string) => pidsIn(join(data, name))[0];
    try {
      await until('the second step to run', () => pidOf('hold') && pidOf('daemon'), 20_000, 25);
      const journal = readFileSync(join(state, 'runs', runId, 'journal.jsonl'), 'utf8');
      expect(journal).toContain(`opsdeck: left running by this step: pid ${pidOf('daemon')}: sleep 303`);
      const runner = JSON.parse(readFileSync(join(state, 'runs', runId, 'status.json'), 'utf8')).pid as number;
      process.kill(runner, 'SIGKILL');
      await until('the runner to end', () => !isLive(procInfo(runner)), 20_000, 25);
      const takeOver = await runCli(['run', 'launch', '--env', 'local', '--dir', ops, '--yes', '--take-over'], env, 60_000);
      expect(takeOver.code, takeOver.stdout + takeOver.stderr).toBe(1);
      expect(takeOver.stderr).toMatch(/its runner is gone but 1 process of its run still runs \(pid \d+: sleep 304\): not stale/);
      const stop = await runCli(['resume', runId, '--abort', '--stop-leftovers', '--dir', ops], env, 60_000);
      expect(stop.stdout).toMatch(/still running from the dead runner:\n\s+pid \d+ \(group \d+\): sleep 304\n\s+stopped them/);
      expect(stop.code).toBe(EXIT.userAbort);
      expect(isLive(procInfo(pidOf('hold')!))).toBe(false);
      expect(isLive(procInfo(pidOf('daemon')!))).toBe(true);
      expect(locks(state)).toEqual([]);
    } finally {
      for (const name of ['daemon', 'hold']) {
        const pid = pidOf(name);
        if (pid && isLive(procInfo(pid))) process.kill(pid, 'SIGKILL');
      }
    }
  }, 90_000);
});
