// CPU and memory from the real engine's stats stream: a busy replica and an idle one of the same
// compose service, the memory limit as the engine reports it, a replica that stops drops out, one
// that starts later is picked up, and nothing is delivered once the follower is aborted.
import { afterAll, expect, it } from 'vitest';
import { DockerEngine } from '../../../src/adapters/docker/index.js';
import { followServiceStats, sampleServiceStats } from '../../../src/adapters/docker/container-stats.js';
import type { ContainerStats } from '../../../src/domain/fleet/container-stats.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { TestContainers, dockerEnv, uniqueName, until } from '../../helpers/docker-env.js';

const MiB = 2 ** 20;

describeIfAvailable('container stats (real engine)', dockerEnv.available, dockerEnv.reason, () => {
  const containers = new TestContainers();
  const engine = new DockerEngine();
  afterAll(() => containers.removeAll());

  it('follows every running replica: CPU of a busy one, memory against its limit; stopped ones drop out, new ones join', { timeout: 60_000 }, async () => {
    const project = uniqueName('stats');
    const labels = { 'com.docker.compose.project': project, 'com.docker.compose.service': 'worker' };
    const busy = await containers.create({ name: `${project}-busy`, labels, cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do :; done'], memoryLimitBytes: 64 * MiB });
    const idle = await containers.create({ name: `${project}-idle`, labels, cmd: ['sleep', '600'], memoryLimitBytes: 32 * MiB });
    const spec = { kind: 'docker' as const, project, service: 'worker' };

    let latest: ContainerStats[] = [];
    const ac = new AbortController();
    followServiceStats(engine, spec, (s) => (latest = s), ac.signal, { relistMs: 300 });
    const byName = (name: string) => latest.find((s) => s.container === name);
    await until('CPU figures for both replicas', () => byName(busy.name)?.cpuPercent !== undefined && byName(idle.name)?.cpuPercent !== undefined);
    await until('the busy replica to use more CPU than the idle one', () => byName(busy.name)!.cpuPercent! > 1 && byName(busy.name)!.cpuPercent! > byName(idle.name)!.cpuPercent!);
    expect(byName(busy.name)).toMatchObject({ containerId: busy.id, memoryLimitBytes: 64 * MiB });
    expect(byName(idle.name)).toMatchObject({ containerId: idle.id, memoryLimitBytes: 32 * MiB });
    expect(byName(idle.name)!.memoryBytes).toBeGreaterThan(0);
    expect(byName(idle.name)!.memoryBytes).toBeLessThan(32 * MiB);

    await containers.docker.getContainer(busy.id).kill();
    await until('the killed replica to drop out', () => latest.length === 1 && byName(idle.name));
    const late = await containers.create({ name: `${project}-late`, labels, cmd: ['sleep', '600'] });
    await until('a replica started later to be followed', () => byName(late.name)?.memoryBytes !== undefined);

    // Aborted: nothing more arrives, while a second follower of the same service keeps receiving.
    ac.abort();
    const after = latest;
    let more = 0;
    const probe = new AbortController();
    followServiceStats(engine, spec, () => more++, probe.signal, { batchMs: 50 });
    await until('three batches on a second follower', () => more >= 3);
    probe.abort();
    expect(latest).toBe(after);
  });

  it('one sample without following (status --json --stats)', { timeout: 30_000 }, async () => {
    const c = await containers.create({ cmd: ['sleep', '600'], memoryLimitBytes: 48 * MiB });
    const [s, ...rest] = await sampleServiceStats(engine, { kind: 'docker', container: c.name });
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ containerId: c.id, container: c.name, memoryLimitBytes: 48 * MiB });
    expect(s!.cpuPercent).toBeGreaterThanOrEqual(0);
  });
});
