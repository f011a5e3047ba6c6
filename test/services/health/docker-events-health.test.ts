// The health monitor follows a real engine's events: with polling set to once a minute, a
// container killed, started, or turning unhealthy shows in the store anyway (only the events can
// have told it). The event stream cut (an engine restart, a dropped ssh link) is a notice in the
// store until it is back.
import { afterAll, expect, it } from 'vitest';
import { DockerEngine, DockerServiceController } from '../../../src/adapters/docker/index.js';
import { HealthMonitor } from '../../../src/services/health/health-monitor.js';
import { createProber } from '../../../src/adapters/health/composite-prober.js';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { TestContainers, dockerEnv, until } from '../../helpers/docker-env.js';
import { makeProfile } from '../../helpers/profiles.js';
import { relay } from '../../helpers/socket-relay.js';

describeIfAvailable('health from engine events (real engine)', dockerEnv.available, dockerEnv.reason, () => {
  const containers = new TestContainers();
  afterAll(() => containers.removeAll());

  it('kill, start and HEALTHCHECK changes reach the store through events; a cut stream is a notice until it is back', async () => {
    const socket = containers.engine.target.options.socketPath;
    if (!socket) throw new Error(`needs the engine on a unix socket, got ${dockerEnv.host}`);
    const r = await relay(socket);
    const c = await containers.create({ cmd: ['sh', '-c', 'touch /tmp/ok; exec sleep 600'], healthCmd: 'test -f /tmp/ok', healthIntervalMs: 300 });
    const profile = makeProfile({ services: { app: { docker: { container: c.name } } } });
    const controller = new DockerServiceController(new DockerEngine(`unix://${r.path}`), { stopGraceMs: 1000 });
    // Polling once a minute: whatever changes sooner came from the events.
    const monitor = new HealthMonitor({ profile, environment: profile.environments.local!, prober: createProber(), controllers: { docker: controller }, runStateIntervalMs: 60_000 });
    const state = () => monitor.store.getState().services.app;
    const notices: (string | undefined)[] = [];
    monitor.store.subscribe((st, prev) => st.notices !== prev.notices && notices.push(st.notices.docker));
    try {
      monitor.start();
      await until('healthy (HEALTHCHECK passing, via health_status)', () => state()?.state === 'healthy', 30_000);

      await containers.exec(c.id, ['rm', '/tmp/ok']);
      await until('unhealthy from the health_status event', () => state()?.state === 'unhealthy' && state(), 30_000);
      expect(state()!.checks[0]!.error).toMatch(/^HEALTHCHECK unhealthy/);

      await containers.docker.getContainer(c.id).kill();
      await until('stopped from the die event', () => state()?.run === 'exited', 10_000);

      r.cut();
      await until('a notice that the event stream dropped, then its end', () => notices.some(Boolean) && !monitor.store.getState().notices.docker, 15_000);
      expect(notices.find(Boolean)).toMatch(/^Docker events from unix:\/\/.* lost: .*; retrying in /);

      await containers.docker.getContainer(c.id).start();
      await until('running again from the start event after the reconnect', () => state()?.run === 'running', 10_000);
    } finally {
      await monitor.stop();
      await r.close();
    }
  }, 90_000);
});
