// Issue 9, defect 6, below the start-up scan's two levels, through the real binary: a report.md
// planted as a symlink in a run's folder is replaced, never written through, when `resume` writes
// the report; a group-writable services/<profile>/<env>/ folder is refused before a service's
// output or pid file is written there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, type BuiltCli } from '../helpers/build-cli.js';
import { runFixture, type RunFixture } from '../helpers/run-fixture.js';
import { removeTempDirs, tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

let cli: BuiltCli;
const opsdeck = (fx: RunFixture, ...args: string[]) => spawnSync(process.execPath, [cli.main, ...args], { env: fx.env, encoding: 'utf8', timeout: 60_000 });

beforeAll(async () => {
  cli = await buildCli();
});
afterAll(removeTempDirs);

describe('state files below the scanned levels', () => {
  it('resume replaces a report.md planted as a symlink; the victim is untouched', async () => {
    const fx = runFixture({ rb: `name: rb\nsteps:\n  - id: s1\n    shell: 'echo "start s1" >> "$MARKERS"; sleep 30'\n` });
    const started = opsdeck(fx, 'run', 'rb', '--env', 'local', '--detach');
    expect(started.status, started.stderr).toBe(0);
    const runId = started.stdout.trim();
    const runDir = join(fx.stateDir, 'runs', runId);
    await until('s1 to start', () => existsSync(fx.markers) && readFileSync(fx.markers, 'utf8').includes('start s1'));
    const pid = (JSON.parse(readFileSync(join(runDir, 'status.json'), 'utf8')) as { pid: number }).pid;
    process.kill(pid, 'SIGKILL');
    await until('the runner to die', () => { try { process.kill(pid, 0); return false; } catch { return true; } });
    const victim = join(tempDir(), 'victim');
    writeFileSync(victim, 'precious\n');
    rmSync(join(runDir, 'report.md'), { force: true });
    symlinkSync(victim, join(runDir, 'report.md'));
    const r = opsdeck(fx, 'resume', runId, '--abort', '--stop-leftovers');
    expect(r.status, r.stdout + r.stderr).toBe(130);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(join(runDir, 'report.md')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toMatch(/# rb/);
  }, 90_000);

  it('a group-writable services/<profile>/<env>/ folder is refused (exit 2, how to fix), nothing started', () => {
    const fx = runFixture({}, () => 'name: t\nenvironments:\n  local: {}\nservices:\n  web:\n    process: { command: [sleep, "600"] }\n');
    const dir = join(fx.stateDir, 'services', 't', 'local');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o770);
    const r = opsdeck(fx, 'start', 'web', '--env', 'local');
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain(`state dir ${dir} is writable by group (mode 770)`);
    expect(r.stderr).toContain(`chmod go-w ${dir}`);
    expect(existsSync(join(dir, 'web.pid'))).toBe(false);
    expect(existsSync(join(dir, 'web.log'))).toBe(false);
  }, 60_000);
});
