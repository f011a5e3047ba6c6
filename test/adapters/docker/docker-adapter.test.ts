// The Docker adapter against a real engine: finding containers, run states, HEALTHCHECK,
// lifecycle through the controller, logs. Skips loudly without an engine; fails in CI.
import { afterAll, afterEach, expect, it } from 'vitest';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { TestContainers, dockerEnv, uniqueName, until } from '../../helpers/docker-env.js';
import { ContainerNotFoundError, DockerServiceController, containerHealth } from '../../../src/adapters/docker/index.js';
import type { Service } from '../../../src/domain/profile/profile-model.js';

const dockerService = (name: string, provider: { container?: string; project?: string; service?: string }): Service => ({
  name, dependsOn: [], provider: { kind: 'docker', ...provider }, health: [], logs: [],
});

describeIfAvailable('docker adapter (real engine)', dockerEnv.available, dockerEnv.reason, () => {
  const containers = new TestContainers();
  const controller = new DockerServiceController(containers.engine, { stopGraceMs: 1000 });
  afterEach(() => containers.removeAll());
  afterAll(() => containers.removeAll());

  it('finds a container by its exact name, not by a name that merely contains it', async () => {
    const name = uniqueName('byname');
    const longer = await containers.create({ name: `${name}-other`, cmd: ['sleep', '600'] });
    const exact = await containers.create({ name, cmd: ['sleep', '600'] });
    const found = await controller.container(dockerService('svc', { container: name }));
    expect(found?.id).toBe(exact.id);
    expect(found?.id).not.toBe(longer.id);
    expect(found?.name).toBe(name);
    expect(found?.runState).toBe('running');
  });

  it('finds a container by compose project + service labels', async () => {
    const project = uniqueName('proj');
    await containers.create({ cmd: ['sleep', '600'], labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'db' } });
    const api = await containers.create({ cmd: ['sleep', '600'], labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'api' } });
    const found = await controller.container(dockerService('api', { project, service: 'api' }));
    expect(found?.id).toBe(api.id);
    expect(found?.labels['com.docker.compose.service']).toBe('api');
    expect(await controller.container(dockerService('x', { project, service: 'nope' }))).toBeUndefined();
  });

  it('a missing container: runState unknown, a failed container check, and a typed error on start', async () => {
    const svc = dockerService('ghost', { container: uniqueName('ghost') });
    expect(await controller.runState(svc)).toBe('unknown');
    const check = await containerHealth(svc, containers.engine);
    expect(check.ok).toBe(false);
    expect(check.error).toMatch(/^no container named "opsdeck-t-ghost-/);
    await expect(controller.start(svc)).rejects.toBeInstanceOf(ContainerNotFoundError);
  });

  it('reports running and exited (with the exit code) from the container state', async () => {
    const running = await containers.create({ cmd: ['sleep', '600'] });
    const exited = await containers.create({ cmd: ['sh', '-c', 'exit 3'] });
    expect(await controller.runState(dockerService('r', { container: running.name }))).toBe('running');
    const svc = dockerService('e', { container: exited.name });
    await until('container to exit', async () => (await controller.runState(svc)) === 'exited');
    const check = await containerHealth(svc, containers.engine);
    expect(check).toMatchObject({ check: 'container', ok: false, error: 'container exited (code 3)' });
    expect(await controller.status(svc)).toMatchObject({ run: 'exited', exitCode: 3, detail: expect.stringMatching(new RegExp(`^container ${exited.name} \\([0-9a-f]{12}\\) exited \\(code 3\\)$`)) });
  });

  it('observes HEALTHCHECK healthy, then unhealthy when the probe starts failing', async () => {
    const c = await containers.create({
      cmd: ['sh', '-c', 'echo ok > /tmp/ok; exec sleep 600'],
      healthCmd: 'cat /tmp/ok',
      healthIntervalMs: 300,
    });
    const svc = dockerService('h', { container: c.name });
    const healthy = await until('healthy', async () => {
      const r = await containerHealth(svc, containers.engine);
      return r.ok && r;
    });
    expect(healthy.error).toBeUndefined();
    expect((await controller.container(svc))?.health).toBe('healthy');

    await containers.exec(c.id, ['rm', '/tmp/ok']);
    const unhealthy = await until('unhealthy', async () => {
      const r = await containerHealth(svc, containers.engine);
      return r.error?.startsWith('HEALTHCHECK unhealthy') && r;
    });
    expect(unhealthy.ok).toBe(false);
    expect(unhealthy.error).toMatch(/cat: can't open '\/tmp\/ok'/);
    expect((await controller.container(svc))?.health).toBe('unhealthy');
  });

  it('stops (SIGKILL after the grace period when SIGTERM is ignored), starts and restarts', async () => {
    // sleep as PID 1 ignores SIGTERM, so stop must fall back to SIGKILL after the 1 s grace.
    const c = await containers.create({ cmd: ['sleep', '600'] });
    const svc = dockerService('s', { container: c.name });
    await controller.stop(svc);
    expect(await controller.runState(svc)).toBe('exited');
    await controller.stop(svc); // already stopped: no error
    await controller.start(svc);
    expect(await controller.runState(svc)).toBe('running');
    await controller.start(svc); // already running: no error
    const before = (await controller.container(svc))?.startedAt;
    await controller.restart(svc);
    const after = await controller.container(svc);
    expect(after?.runState).toBe('running');
    expect(after?.startedAt).not.toBe(before);
  });

  it('serves HTTP on a port published on 127.0.0.1 from the busybox image', async () => {
    const c = await containers.create({ cmd: ['httpd', '-f', '-p', '8080', '-h', '/www'], publish: 8080 });
    expect(c.hostPort).toBeGreaterThan(0);
    const body = await until('httpd to answer', async () => {
      const res = await fetch(`http://127.0.0.1:${c.hostPort}/health`);
      return res.status === 200 && (await res.text());
    });
    expect(body.trim()).toBe('ok');
  });
});
