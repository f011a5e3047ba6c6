// The process supervisor with real detached processes, real pid/lock/log files and real signals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { ProcessSupervisor, serviceLogPath, servicePidPath } from '../../../src/adapters/process/process-supervisor.js';
import { procInfo, isLive } from '../../../src/adapters/system/proc-info.js';
import type { PidRecord } from '../../../src/adapters/process/pid-file.js';
import { StepFailedError } from '../../../src/domain/errors.js';
import type { Profile } from '../../../src/domain/profile/profile-model.js';
import { tempDir, removeTempDirs } from '../../helpers/temp-dir.js';
import { processProfile, recorded, svc, waitFor } from '../../helpers/process-services.js';

let base: string;
let state: string;
let rec: string;
const supervisors: { sup: ProcessSupervisor }[] = [];
const strays: number[] = [];

function supervisor(profile: Profile): ProcessSupervisor {
  const sup = new ProcessSupervisor(profile, profile.environments.local!, { stateDir: state });
  supervisors.push({ sup });
  return sup;
}

const alive = (pid: number): boolean => isLive(procInfo(pid));

/** Waits for the first start to be recorded, then long enough for a duplicate to show up too. */
async function settledStarts(): Promise<void> {
  await waitFor('a recorded start', () => recorded(rec).some((r) => r.kind === 'start'));
  await new Promise((r) => setTimeout(r, 1000));
}

beforeEach(() => {
  base = tempDir('opsdeck-sup-');
  state = join(base, 'state');
  rec = join(base, 'record.txt');
});

afterEach(async () => {
  for (const { sup } of supervisors.splice(0)) for (const name of sup.knownServices()) await sup.stopByName(name, 1000);
  for (const pid of strays.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  removeTempDirs();
});

describe('ProcessSupervisor', () => {
  it('starts a detached service in its own process group with a pid file, its output in the log file, cwd/vars/env applied', async () => {
    mkdirSync(join(base, 'work'));
    const profile = processProfile(base, { a: { process: { command: svc(rec, '--label', '{{ vars.word }}'), cwd: './work', env: { FOO: 'x-{{ vars.word }}' } } } }, { word: 'two words' });
    const sup = supervisor(profile);
    await sup.start(profile.services.a!);
    const pidFile = servicePidPath('lc', 'local', 'a', state);
    const pid = JSON.parse(readFileSync(pidFile, 'utf8')) as PidRecord;
    expect(pid.pgid).toBe(pid.pid);
    expect(procInfo(pid.pid)!.pgrp).toBe(pid.pid);
    expect(pid.procStartTime).toBe(procInfo(pid.pid)!.startTime);
    expect(pid.startedBy).toMatch(/^.+@.+$/);
    expect(pid.command.at(-1)).toBe('two words');
    expect(await sup.runState(profile.services.a!)).toBe('running');
    const log = serviceLogPath('lc', 'local', 'a', state);
    const text = await waitFor('log lines', () => {
      const t = existsSync(log) ? readFileSync(log, 'utf8') : '';
      return t.includes('svc stderr line') && t.includes('starting') ? t : undefined;
    });
    expect(text).toContain(`FOO=x-two words cwd=${join(base, 'work')}`);
    expect(text).toContain('"two words"');
  });

  it('a second supervisor (another console) sees the running service and never starts a duplicate', async () => {
    const profile = processProfile(base, { a: { process: { command: svc(rec) } } });
    const first = supervisor(profile);
    await first.start(profile.services.a!);
    const second = supervisor(profile);
    expect(await second.runState(profile.services.a!)).toBe('running');
    await second.start(profile.services.a!);
    await first.start(profile.services.a!);
    await settledStarts();
    expect(recorded(rec).filter((r) => r.kind === 'start')).toHaveLength(1);
  });

  it('two concurrent starts from two supervisors spawn the service once (O_EXCL start lock)', async () => {
    const profile = processProfile(base, { a: { process: { command: svc(rec) } } });
    const [x, y, z] = [supervisor(profile), supervisor(profile), supervisor(profile)];
    await Promise.all([x.start(profile.services.a!), y.start(profile.services.a!), z.start(profile.services.a!)]);
    await settledStarts();
    const starts = recorded(rec).filter((r) => r.kind === 'start');
    expect(starts).toHaveLength(1);
    expect(x.statusByName('a').pid).toBe(starts[0]!.pid);
  });

  it('stop terminates the whole group, child and grandchild included, and removes the pid file', async () => {
    const profile = processProfile(base, { a: { process: { command: svc(rec, '--tree') } } });
    const sup = supervisor(profile);
    await sup.start(profile.services.a!);
    const tree = await waitFor('child and grandchild', () => {
      const r = recorded(rec);
      return r.some((x) => x.kind === 'grandchild') ? r : undefined;
    });
    const pids = tree.map((r) => r.pid);
    expect(pids).toHaveLength(3);
    pids.forEach((p) => expect(alive(p)).toBe(true));
    await sup.stop(profile.services.a!);
    pids.forEach((p) => expect(alive(p), `pid ${p} still alive`).toBe(false));
    expect(existsSync(servicePidPath('lc', 'local', 'a', state))).toBe(false);
    expect(await sup.runState(profile.services.a!)).toBe('stopped');
  });

  it('a service ignoring SIGTERM is killed after its stop_timeout, with its children', async () => {
    const profile = processProfile(base, { a: { process: { command: svc(rec, '--tree', '--ignore-term'), stop_timeout: '600ms' } } });
    const sup = supervisor(profile);
    await sup.start(profile.services.a!);
    await waitFor('grandchild', () => recorded(rec).some((x) => x.kind === 'grandchild'));
    const t0 = Date.now();
    await sup.stop(profile.services.a!);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(550);
    expect(recorded(rec).some((r) => r.kind === 'ignored-term')).toBe(true);
    recorded(rec).forEach((r) => expect(alive(r.pid), `${r.kind} ${r.pid} still alive`).toBe(false));
  });

  it('a service that exits by itself shows as exited with its exit code, to this and other consoles; start runs it again', async () => {
    const profile = processProfile(base, { a: { process: { command: svc(rec, '--exit-after', '150', '--code', '3') } } });
    const sup = supervisor(profile);
    await sup.start(profile.services.a!);
    const st = await waitFor('exit', () => {
      const s = sup.statusByName('a');
      return s.run === 'exited' && s.exitCode !== undefined ? s : undefined;
    });
    expect(st).toMatchObject({ run: 'exited', exitCode: 3 });
    expect(st.detail).toContain('exited with code 3');
    expect(supervisor(profile).statusByName('a')).toMatchObject({ run: 'exited', exitCode: 3 });
    await sup.start(profile.services.a!);
    expect(await sup.runState(profile.services.a!)).toBe('running');
    await waitFor('second start', () => recorded(rec).filter((r) => r.kind === 'start').length === 2);
  });

  it('a recycled pid (live, but another start time) is not taken for the service, and stop leaves it alone', async () => {
    const profile = processProfile(base, { a: { process: { command: svc(rec) } } });
    const sup = supervisor(profile);
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    strays.push(other.pid!);
    await waitFor('other process', () => procInfo(other.pid!));
    const info = procInfo(other.pid!)!;
    const dir = join(state, 'services', 'lc', 'local');
    mkdirSync(dir, { recursive: true });
    // As if our service had this pid and died, and the kernel then gave the pid to this process.
    const fake: PidRecord = { pid: info.pid, pgid: info.pid, startedAt: new Date().toISOString(), procStartTime: info.startTime + 5, command: ['x'], cwd: base, startedBy: 't@h', profile: 'lc', environment: 'local', service: 'a', logFile: join(dir, 'a.log') };
    writeFileSync(join(dir, 'a.pid'), JSON.stringify(fake));
    expect(await sup.runState(profile.services.a!)).toBe('exited');
    await sup.stop(profile.services.a!);
    expect(alive(other.pid!)).toBe(true);
    expect(await sup.runState(profile.services.a!)).toBe('stopped');
  });

  it('a pid file written on another host (shared state dir) is neither trusted nor signalled', async () => {
    const profile = processProfile(base, { a: { process: { command: svc(rec) } } });
    const sup = supervisor(profile);
    const dir = join(state, 'services', 'lc', 'local');
    mkdirSync(dir, { recursive: true });
    // Our own pid and start time: were the host ignored, it would read as running and stop would kill us.
    const me = procInfo(process.pid)!;
    const foreign: PidRecord = { pid: me.pid, pgid: me.pid, startedAt: new Date().toISOString(), procStartTime: me.startTime, command: ['x'], cwd: base, startedBy: 'ops@elsewhere', host: 'elsewhere.example', profile: 'lc', environment: 'local', service: 'a', logFile: join(dir, 'a.log') };
    writeFileSync(join(dir, 'a.pid'), JSON.stringify(foreign));
    expect(sup.statusByName('a')).toMatchObject({ run: 'unknown', detail: expect.stringContaining('started on elsewhere.example') });
    await expect(sup.stop(profile.services.a!)).rejects.toThrow('a was started on elsewhere.example: stop it there');
    await expect(sup.start(profile.services.a!)).rejects.toThrow(/cannot start a here: started on elsewhere\.example/);
    expect(recorded(rec)).toEqual([]);
    rmSync(join(dir, 'a.pid'));
  });

  it('a lock left by a console that died mid-start is stale and does not block the next start', async () => {
    const profile = processProfile(base, { a: { process: { command: svc(rec) } } });
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    const dir = join(state, 'services', 'lc', 'local');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.lock'), JSON.stringify({ pid: dead.pid, host: hostname(), action: 'starting', at: new Date().toISOString() }));
    const sup = supervisor(profile);
    expect(sup.statusByName('a').run).toBe('stopped');
    await sup.start(profile.services.a!);
    expect(await sup.runState(profile.services.a!)).toBe('running');
    expect(existsSync(join(dir, 'a.lock'))).toBe(false);
  });

  it('a missing program or working directory fails the start with a clear message', async () => {
    const profile = processProfile(base, {
      a: { process: { command: ['opsdeck-no-such-program-xyz'] } },
      b: { process: { command: svc(rec), cwd: './missing' } },
    });
    const sup = supervisor(profile);
    await expect(sup.start(profile.services.a!)).rejects.toThrow(StepFailedError);
    await expect(sup.start(profile.services.a!)).rejects.toThrow(/program "opsdeck-no-such-program-xyz" not found on PATH/);
    await expect(sup.start(profile.services.b!)).rejects.toThrow(/working directory .*missing does not exist/);
    expect(await sup.runState(profile.services.a!)).toBe('stopped');
  });
});
