// The private engine other suites build on: a real dockerd of the test's own that can be stopped
// and started again mid-test on the same data root, and that leaves nothing behind —
// least of all on the shared engine's network (its docker0 bridge).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { TEST_IMAGE, TestContainers } from './docker-env.js';
import { privateDockerdEnv, startPrivateDockerd, type PrivateDockerd } from './private-dockerd.js';
import { until } from './until.js';

const required = process.env.CI === 'true';
const open: PrivateDockerd[] = [];
afterAll(async () => {
  for (const e of open) await e.close();
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const namingDir = (dir: string): number[] =>
  readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir);
    } catch {
      return false;
    }
  }).map(Number);
const docker0 = (): boolean => {
  try {
    execFileSync('ip', ['link', 'show', 'docker0'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!privateDockerdEnv.available && !required)(`private dockerd ${privateDockerdEnv.reason}`, () => {
  it('runs containers from the test image; stop() stops the engine and its containers; start() brings both back on the same data root', { timeout: 120_000 }, async () => {
    const hadBridge = docker0();
    const engine = await startPrivateDockerd();
    open.push(engine);
    expect(engine.host).toBe(`unix://${engine.dir}/docker.sock`);
    const containers = new TestContainers(engine.host);
    const c = await containers.create({ cmd: ['sh', '-c', 'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done'], healthCmd: 'true', restart: 'always' });
    await until('the container to log and be healthy', async () => (await engine.docker('logs', c.id)).includes('tick 2') && (await engine.docker('inspect', '-f', '{{.State.Health.Status}}', c.id)).trim() === 'healthy');
    const pid = Number((await engine.docker('inspect', '-f', '{{.State.Pid}}', c.id)).trim());

    await engine.stop();
    expect(engine.pid).toBeUndefined();
    await expect(engine.docker('version')).rejects.toThrow();
    expect(alive(pid)).toBe(false); // as Docker ships (no live-restore): the engine takes them down

    await engine.start();
    expect(engine.pid).toBeGreaterThan(0);
    await until('the container restarted by its policy, healthy', async () => (await engine.docker('inspect', '-f', '{{.State.Status}} {{.State.Health.Status}} {{.RestartCount}}', c.id)).trim() === 'running healthy 0');
    const before = (await engine.docker('logs', c.id)).split('\n').length;
    await until('new log lines after the restart', async () => (await engine.docker('logs', c.id)).split('\n').length > before + 2);
    await containers.engine.ping(); // the adapter reaches it too

    await engine.close();
    expect(namingDir(engine.dir)).toEqual([]);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(engine.dir);
    expect(existsSync(engine.dir)).toBe(false);
    expect(docker0()).toBe(hadBridge); // the shared engine's bridge is untouched
  });

  it('liveRestore: containers outlive a stopped engine and are still running when it is back', { timeout: 120_000 }, async () => {
    const engine = await startPrivateDockerd({ liveRestore: true });
    open.push(engine);
    const id = (await engine.docker('run', '-d', TEST_IMAGE, 'sh', '-c', 'while true; do echo tick; sleep 0.2; done')).trim();
    const pid = Number((await engine.docker('inspect', '-f', '{{.State.Pid}}', id)).trim());
    await engine.stop();
    expect(alive(pid)).toBe(true);
    await engine.start();
    expect((await engine.docker('inspect', '-f', '{{.State.Status}} {{.State.Pid}}', id)).trim()).toBe(`running ${pid}`);
    await engine.close();
    expect(alive(pid)).toBe(false);
    expect(namingDir(engine.dir)).toEqual([]);
  });

  it('close() while the engine is stopped still removes its running containers', { timeout: 120_000 }, async () => {
    const engine = await startPrivateDockerd({ liveRestore: true });
    open.push(engine);
    const id = (await engine.docker('run', '-d', TEST_IMAGE, 'sleep', '600')).trim();
    const pid = Number((await engine.docker('inspect', '-f', '{{.State.Pid}}', id)).trim());
    await engine.stop();
    expect(alive(pid)).toBe(true);
    await engine.close();
    expect(alive(pid)).toBe(false);
    expect(namingDir(engine.dir)).toEqual([]);
    expect(existsSync(engine.dir)).toBe(false);
  });
});
