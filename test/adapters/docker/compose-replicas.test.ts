// A compose service with three replicas, on the real engine, as a new user meets it: killing two
// is a failing check naming them ("1/3 running"), logs come from every replica (each line naming
// its container), and stop/start act on all replicas.
import { afterAll, expect, it } from 'vitest';
import { DockerServiceController, containerHealth } from '../../../src/adapters/docker/index.js';
import { DockerLogSource } from '../../../src/adapters/logs/docker-log-source.js';
import { LogPipeline } from '../../../src/domain/logs/log-pipeline.js';
import { linePrefix, type LogLine } from '../../../src/domain/logs/log-line.js';
import { createRedactor } from '../../../src/domain/text/redaction.js';
import type { Service } from '../../../src/domain/profile/profile-model.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { makeProfile } from '../../helpers/profiles.js';
import { lifecycleDeps } from '../../../src/services/lifecycle/lifecycle-deps.js';
import { runLifecycleAction } from '../../../src/services/lifecycle/lifecycle.js';
import { TestContainers, dockerEnv, uniqueName, until } from '../../helpers/docker-env.js';
import { removeTempDirs, tempDir } from '../../helpers/temp-dir.js';

describeIfAvailable('compose replicas (real engine)', dockerEnv.available, dockerEnv.reason, () => {
  const containers = new TestContainers();
  const controller = new DockerServiceController(containers.engine, { stopGraceMs: 1000 });
  afterAll(async () => {
    await containers.removeAll();
    removeTempDirs();
  });

  it('one service, three replicas: health from all, logs from all, actions on all', async () => {
    const project = uniqueName('proj');
    const labels = { 'com.docker.compose.project': project, 'com.docker.compose.service': 'worker' };
    const replicas = [];
    for (const i of [1, 2, 3]) replicas.push(await containers.create({ name: `${project}-worker-${i}`, labels, cmd: ['sh', '-c', `while true; do echo "replica ${i} working"; sleep 0.3; done`] }));
    const svc: Service = { name: 'worker', dependsOn: [], provider: { kind: 'docker', project, service: 'worker' }, health: [], logs: [] };

    expect((await containerHealth(svc, containers.engine)).ok).toBe(true);
    expect((await controller.status(svc)).detail).toMatch(/^3\/3 running: /);

    const lines: LogLine[] = [];
    const pipeline = new LogPipeline({ source: 'worker:docker', service: 'worker', redactor: createRedactor([]) });
    const ac = new AbortController();
    new DockerLogSource({ service: 'worker', docker: containers.docker, project, composeService: 'worker', tail: 5 }).start({ chunk: (c) => lines.push(...pipeline.push(c)), error: () => undefined }, ac.signal);
    await until('lines from every replica', () => [1, 2, 3].every((i) => lines.some((l) => l.text === `replica ${i} working` && linePrefix(l) === `worker@${project}-worker-${i}`)));
    ac.abort();

    await containers.docker.getContainer(replicas[1]!.id).kill();
    await containers.docker.getContainer(replicas[2]!.id).kill();
    const check = await until('the check to see two replicas gone', async () => {
      const r = await containerHealth(svc, containers.engine);
      return !r.ok && r;
    });
    expect(check.error).toMatch(new RegExp(`^1/3 running: ${project}-worker-2 container exited \\(code 137\\); ${project}-worker-3 container exited \\(code 137\\)$`));
    expect(await controller.runState(svc)).toBe('running');
    // Each replica an instance, named by its container; one of three running is degraded, not down.
    const seen = await controller.observe(svc);
    expect(seen.instances!.map((i) => `${i.name} ${i.run}`)).toEqual([`${project}-worker-1 running`, `${project}-worker-2 exited`, `${project}-worker-3 exited`]);
    expect(seen.check.partial).toBe(true);

    // `opsdeck start worker` with one of three running starts the other two (it is not "already running").
    const profile = makeProfile({ services: { worker: { docker: { project, service: 'worker' } } } });
    const d = lifecycleDeps({ profile, environment: profile.environments.local!, controllers: { docker: controller }, stateDir: tempDir('opsdeck-replicas-state-') });
    const started = await runLifecycleAction('start', ['worker'], d.options);
    await d.close();
    expect(started.outcomes.map((o) => o.outcome)).toEqual(['started']);
    expect((await controller.replicas(svc)).map((c) => c.runState)).toEqual(['running', 'running', 'running']);

    await controller.start(svc);
    await until('all three running again', async () => (await controller.replicas(svc)).every((c) => c.runState === 'running'));
    await controller.stop(svc);
    const after = await controller.replicas(svc);
    expect(after.map((c) => c.runState)).toEqual(['exited', 'exited', 'exited']);
    expect(await controller.runState(svc)).toBe('exited');
  }, 60_000);
});
