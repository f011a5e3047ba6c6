// run / history / show / unlock / resume through the real binary, with a private state dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { buildCli, type BuiltCli } from '../helpers/build-cli.js';
import { runFixture, markerRunbook, type RunFixture } from '../helpers/run-fixture.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { expectJsonVocabulary } from '../helpers/json-vocabulary.js';
import { pidAlive as isAlive } from '../../src/adapters/system/proc-info.js';

let cli: BuiltCli;
const opsdeck = (fx: RunFixture, ...args: string[]) => spawnSync(process.execPath, [cli.main, ...args], { env: fx.env, encoding: 'utf8', timeout: 60_000 });
const opsdeckAsync = (fx: RunFixture, ...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [cli.main, ...args], { env: fx.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });

beforeAll(async () => {
  cli = await buildCli();
});
afterAll(removeTempDirs);

describe('opsdeck run (headless, detached runner)', () => {
  it('runs to the end with --yes, writes journal, report, audit entries and history', () => {
    const fx = runFixture({ two: markerRunbook('two', 2, { confirmAt: [2] }) });
    const r = opsdeck(fx, 'run', 'two', '--env', 'local', '--yes');
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('step s2 output');
    expect(r.stdout).toMatch(/Run succeeded/);
    expect(fx.counts()).toEqual({ s1: 1, s2: 1 });
    const [runId] = readdirSync(join(fx.stateDir, 'runs'));
    const dir = join(fx.stateDir, 'runs', runId!);
    expect(statSync(join(dir, 'journal.jsonl')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'request.json'))).toBe(false); // inputs are not kept once done
    expect(existsSync(join(fx.stateDir, 'locks', 't-local.lock'))).toBe(false); // released
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report).toMatch(/# two test runbook — succeeded/);
    expect(report).toMatch(/Confirmation: confirm — yes via flag --yes/);
    const audit = readFileSync(join(fx.stateDir, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('"action":"run.start"');
    expect(audit).toContain('"action":"confirm.step"');
    expect(audit).toContain('"action":"run.finish"');
    expect(opsdeck(fx, 'audit', 'verify').status).toBe(0);
    const hist = JSON.parse(opsdeck(fx, 'history', '--json').stdout);
    expectJsonVocabulary(hist);
    expect(hist.runs).toEqual([expect.objectContaining({ id: runId, runbook: 'two', environment: 'local', outcome: 'succeeded', startedAt: expect.any(String) })]);
    expect(opsdeck(fx, 'history').stdout).toMatch(new RegExp(`${runId}\\s+two\\s+local\\s+succeeded`));
    expect(opsdeck(fx, 'show', runId!).stdout).toBe(report);
  }, 60_000);

  it('without a TTY and without --yes stops before the step, naming the flag', () => {
    const fx = runFixture({ two: markerRunbook('two', 2, { confirmAt: [2] }) });
    const r = opsdeck(fx, 'run', 'two', '--env', 'local');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/step "s2" needs a confirmation: pass --yes/);
    expect(fx.counts()).toEqual({ s1: 1 });
  }, 60_000);

  it('a protected environment needs a change reference and typed confirmation flags', () => {
    const fx = runFixture({ two: markerRunbook('two', 1, { confirmAt: [1] }) });
    const noRef = opsdeck(fx, 'run', 'two', '--env', 'prod', '--yes');
    expect(noRef.status).toBe(2);
    expect(noRef.stderr).toMatch(/--change/);
    const noTyped = opsdeck(fx, 'run', 'two', '--env', 'prod', '--yes', '--change', 'CHG-1');
    expect(noTyped.status).toBe(1);
    expect(noTyped.stderr).toMatch(/pass --confirm-env prod/);
    expect(fx.counts()).toEqual({});
    const ok = opsdeck(fx, 'run', 'two', '--env', 'prod', '--change', 'CHG-1', '--confirm-env', 'prod');
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(fx.counts()).toEqual({ s1: 1 });
  }, 60_000);

  it('two runs started at once on one environment: exactly one proceeds, every round', async () => {
    const fx = runFixture({ slow: markerRunbook('slow', 1, { sleep: 1.5 }) });
    for (let round = 0; round < 4; round++) {
      const both = await Promise.all([opsdeckAsync(fx, 'run', 'slow', '--env', 'local', '--yes'), opsdeckAsync(fx, 'run', 'slow', '--env', 'local', '--yes')]);
      const winners = both.filter((r) => r.status === 0);
      expect(winners, JSON.stringify(both)).toHaveLength(1);
      const loser = both.find((r) => r.status !== 0)!;
      expect(loser.stderr).toMatch(/locked by .*@/);
      expect(fx.counts()).toEqual({ s1: round + 1 });
    }
  }, 180_000);

  it('a dry run takes no lock and runs nothing', () => {
    const fx = runFixture({ two: markerRunbook('two', 2, { confirmAt: [2] }) });
    mkdirSync(join(fx.stateDir, 'locks'), { recursive: true });
    const holder = { user: 'bob', host: hostname(), pid: process.pid, runbook: 'other', runId: '20260101-000000-other-beef', since: 'now' };
    writeFileSync(join(fx.stateDir, 'locks', 't-local.lock'), JSON.stringify(holder));
    const refused = opsdeck(fx, 'run', 'two', '--env', 'local', '--yes');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/locked by bob@/);
    const dry = opsdeck(fx, 'run', 'two', '--env', 'local', '--dry-run');
    expect(dry.status, dry.stderr + dry.stdout).toBe(0);
    expect(dry.stdout).toMatch(/DRY RUN/);
    expect(fx.counts()).toEqual({});
  }, 60_000);

  it('--take-over of a stale lock is audited with the old holder', () => {
    const fx = runFixture({ two: markerRunbook('two', 1) });
    mkdirSync(join(fx.stateDir, 'locks'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(fx.stateDir, 'locks', 't-local.lock'), JSON.stringify({ user: 'dave', host: hostname(), pid: dead, runbook: 'deploy', runId: '20260101-000000-deploy-dead', since: '2026-01-01T00:00:00Z' }));
    const refused = opsdeck(fx, 'run', 'two', '--env', 'local', '--yes');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/STALE lock/);
    const r = opsdeck(fx, 'run', 'two', '--env', 'local', '--yes', '--take-over');
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const audit = readFileSync(join(fx.stateDir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.find((e) => e.action === 'lock.takeover')).toMatchObject({ outcome: 'taken-over', detail: expect.stringMatching(/--take-over of a stale lock .*dave@.*run 20260101-000000-deploy-dead/) });
  }, 60_000);

  it('--take-over is refused while the dead runner\'s step still runs, naming it; unlock says so too', async () => {
    const fx = runFixture({ slow: `name: slow\nsteps:\n  - id: s1\n    shell: 'setsid sh -c "trap \\"\\" TERM; sleep 60" & echo "start s1" >> "$MARKERS"; trap "" TERM; sleep 60'\n` });
    const started = opsdeck(fx, 'run', 'slow', '--env', 'local', '--yes', '--detach');
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const statusFile = join(fx.stateDir, 'runs', runId, 'status.json');
    await until('s1 to start', () => existsSync(fx.markers) && readFileSync(fx.markers, 'utf8').includes('start s1'), 10_000, 25);
    const runner = JSON.parse(readFileSync(statusFile, 'utf8')).pid as number;
    process.kill(runner, 'SIGKILL');
    await until('the killed runner to be gone', () => !isAlive(runner), 10_000, 25);
    try {
      const refused = opsdeck(fx, 'run', 'slow', '--env', 'local', '--yes', '--take-over');
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/its runner is gone but 4 processes of its run still run .*sleep 60.*: not stale/);
      expect(refused.stderr).toContain(`opsdeck resume ${runId} --stop-leftovers`);
      expect(refused.stderr).not.toMatch(/attach to it/);
      const unlock = opsdeck(fx, 'unlock', '--env', 'local');
      expect(unlock.stdout).toMatch(/the holder is dead, but 4 processes of its run still run/);
      expect(unlock.stdout).not.toMatch(/ALIVE/);
      expect(fx.counts()).toEqual({});
    } finally {
      opsdeck(fx, 'resume', runId, '--abort', '--stop-leftovers');
    }
  }, 60_000);

  it('unlock shows the holder, refuses without --force, and is audited', () => {
    const fx = runFixture({ two: markerRunbook('two', 1) });
    mkdirSync(join(fx.stateDir, 'locks'), { recursive: true });
    const lock = join(fx.stateDir, 'locks', 't-local.lock');
    writeFileSync(lock, JSON.stringify({ user: 'carol', host: hostname(), pid: process.pid, runbook: 'deploy', runId: '20260101-000000-deploy-cafe', since: '2026-01-01T00:00:00Z' }));
    const no = opsdeck(fx, 'unlock', '--env', 'local');
    expect(no.status).toBe(1);
    expect(no.stdout).toMatch(/carol@.*deploy.*ALIVE/);
    expect(existsSync(lock)).toBe(true);
    const yes = opsdeck(fx, 'unlock', '--env', 'local', '--force');
    expect(yes.status).toBe(0);
    expect(existsSync(lock)).toBe(false);
    const audit = readFileSync(join(fx.stateDir, 'audit.jsonl'), 'utf8');
    expect(audit).toMatch(/"action":"unlock.force".*carol@/);
  }, 60_000);
});

describe('opsdeck resume --abort', () => {
  it('refuses beside a step still running, stops it on request, aborts and rolls back', async () => {
    const fx = runFixture({
      rb: `name: rb
on_failure: stop
steps:
  - id: s1
    shell: 'echo s1 >> "$MARKERS"'
    rollback: { shell: 'echo undo-s1 >> "$MARKERS"' }
  - id: s2
    shell: 'echo "start s2" >> "$MARKERS"; sleep 20; echo s2 >> "$MARKERS"'
  - id: s3
    shell: 'echo s3 >> "$MARKERS"'
`,
    });
    const started = opsdeck(fx, 'run', 'rb', '--env', 'local', '--detach');
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const dir = join(fx.stateDir, 'runs', runId);
    await until('s2 to start', () => existsSync(fx.markers) && readFileSync(fx.markers, 'utf8').includes('start s2'), 30_000, 50);
    process.kill(JSON.parse(readFileSync(join(dir, 'status.json'), 'utf8')).pid, 'SIGKILL');
    // s2's shell outlived its runner (own process group): resuming beside it is refused.
    const beside = opsdeck(fx, 'resume', runId, '--abort');
    expect(beside.status, beside.stdout + beside.stderr).toBe(1);
    expect(beside.stdout).toMatch(/still running from the dead runner:\n\s+pid \d+ \(group \d+\): .*sleep 20/);
    expect(beside.stderr).toMatch(/--stop-leftovers/);
    // Stopped on request (audited); without a TTY the interrupted step still needs a decision.
    const noFlag = opsdeck(fx, 'resume', runId, '--stop-leftovers');
    expect(noFlag.stdout).toMatch(/stopped them \(recorded in the audit log\)/);
    expect(noFlag.status).toBe(2);
    expect(noFlag.stderr).toMatch(/--rerun, --mark-done or --abort/);
    expect(readFileSync(join(fx.stateDir, 'audit.jsonl'), 'utf8')).toMatch(/"action":"run.stop-leftovers"/);
    const r = opsdeck(fx, 'resume', runId, '--abort');
    expect(r.status, r.stdout + r.stderr).toBe(130);
    expect(r.stdout).toMatch(/interrupted: s2/);
    expect(fx.counts()['undo-s1']).toBe(1);
    expect(fx.counts().s1).toBe(1);
    expect(fx.counts().s3).toBeUndefined();
    expect(fx.counts().s2).toBeUndefined(); // stopped, not left to finish beside the rollback
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/aborted, rolled back/);
    expect(existsSync(join(fx.stateDir, 'locks', 't-local.lock'))).toBe(false);
  }, 90_000);
});
