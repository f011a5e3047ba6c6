// Read-only mode headless (issue 9): --readonly, OPSDECK_READONLY=1 and an environment's
// `readonly: true` refuse what changes things with exit 2 and a message that says read-only;
// a dry run and read commands still work. Through the real binary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, type BuiltCli } from '../helpers/build-cli.js';
import { markerRunbook, runFixture, type RunFixture } from '../helpers/run-fixture.js';
import { removeTempDirs } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

let cli: BuiltCli;
const opsdeck = (fx: RunFixture, env: NodeJS.ProcessEnv, ...args: string[]) => spawnSync(process.execPath, [cli.main, ...args], { env: { ...fx.env, ...env }, encoding: 'utf8', timeout: 60_000 });

beforeAll(async () => {
  cli = await buildCli();
});
afterAll(removeTempDirs);

describe('read-only headless', () => {
  it('refuses a mutating run and a service action with exit 2; a dry run runs', () => {
    const fx = runFixture({ two: markerRunbook('two', 2) });
    const flag = opsdeck(fx, {}, 'run', 'two', '--env', 'local', '--readonly');
    expect(flag.status, flag.stderr).toBe(2);
    expect(flag.stderr).toMatch(/read-only: run two refused; read-only mode \(--readonly \/ OPSDECK_READONLY=1\)/);
    const envVar = opsdeck(fx, { OPSDECK_READONLY: '1' }, 'restart', 'web', '--env', 'local');
    expect(envVar.status, envVar.stderr).toBe(2);
    expect(envVar.stderr).toMatch(/read-only: restart web refused/);
    expect(fx.counts()).toEqual({});
    // Fails safe: a value opsdeck does not know as "off" is read-only (=on was writable).
    for (const on of ['on', 'Y', 'enabled']) {
      const r = opsdeck(fx, { OPSDECK_READONLY: on }, 'restart', 'web', '--env', 'local');
      expect(r.status, `${on}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/read-only: restart web refused/);
    }
    expect(fx.counts()).toEqual({});
    for (const off of ['0', 'false', 'off', '']) expect(opsdeck(fx, { OPSDECK_READONLY: off }, 'restart', 'web', '--env', 'local').stderr).not.toMatch(/read-only/);
    const dry = opsdeck(fx, { OPSDECK_READONLY: '1' }, 'run', 'two', '--env', 'local', '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(fx.counts()).toEqual({});
  }, 60_000);

  it('an environment with readonly: true refuses there, not elsewhere', () => {
    const fx = runFixture({ two: markerRunbook('two', 1) });
    const file = join(fx.opsDir, 'profiles', 't.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('prod: { protected: true }', 'prod: { protected: true, readonly: true }'));
    const r = opsdeck(fx, {}, 'run', 'two', '--env', 'prod', '--change', 'T-1', '--confirm-env', 'prod');
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/read-only: run two refused; environment prod is read-only \(readonly: true in the profile\)/);
    const ok = opsdeck(fx, {}, 'run', 'two', '--env', 'local');
    expect(ok.status, ok.stderr).toBe(0);
    expect(fx.counts()).toEqual({ s1: 1 });
  }, 60_000);

  it('refuses maintenance start, unlock --force and resume (every decision) with exit 2', async () => {
    const fx = runFixture({ slow: markerRunbook('slow', 2, { sleep: 30 }) });
    const auditLines = () => (existsSync(join(fx.stateDir, 'audit.jsonl')) ? readFileSync(join(fx.stateDir, 'audit.jsonl'), 'utf8').trim().split('\n').length : 0);
    const m = opsdeck(fx, { OPSDECK_READONLY: '1' }, 'maintenance', 'start', '--env', 'local', '--for', '30m', '--reason', 'test');
    expect(m.status, m.stdout + m.stderr).toBe(2);
    expect(m.stderr).toMatch(/read-only: maintenance start on local refused; read-only mode/);
    expect(opsdeck(fx, {}, 'maintenance', 'status', '--env', 'local', '--readonly').stdout).toMatch(/no maintenance window active/);
    // A run whose runner died mid-step: its lock and an interrupted run are left.
    const started = opsdeck(fx, {}, 'run', 'slow', '--env', 'local', '--detach');
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const markers = () => (existsSync(fx.markers) ? readFileSync(fx.markers, 'utf8') : '');
    await until('s1 to start', () => markers().includes('start s1'));
    const pid = (JSON.parse(readFileSync(join(fx.stateDir, 'runs', runId, 'status.json'), 'utf8')) as { pid: number }).pid;
    process.kill(pid, 'SIGKILL');
    await until('the runner to die', () => { try { process.kill(pid, 0); return false; } catch { return true; } });
    const before = auditLines();
    const u = opsdeck(fx, {}, 'unlock', '--env', 'local', '--force', '--readonly');
    expect(u.status, u.stdout + u.stderr).toBe(2);
    expect(u.stderr).toMatch(/read-only: unlock local refused/);
    for (const decision of ['--abort', '--rerun', '--mark-done']) {
      const r = opsdeck(fx, { OPSDECK_READONLY: 'true' }, 'resume', runId, decision, '--stop-leftovers');
      expect(r.status, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`read-only: resume ${runId} refused`));
    }
    expect(auditLines()).toBe(before);
    expect(markers()).toBe('start s1\n'); // nothing stopped, rolled back or re-run
    // Out of read-only mode it resumes as before (the leftover step is stopped, the run aborted).
    const ok = opsdeck(fx, {}, 'resume', runId, '--abort', '--stop-leftovers');
    expect(ok.status, ok.stdout + ok.stderr).toBe(130);
  }, 120_000);
});
