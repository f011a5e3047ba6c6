// Engine events from a real engine, and reconnection: the engine is reached through a real
// unix-socket relay whose connections the test cuts, as an engine restart or a dropped SSH
// tunnel would.
import { afterAll, afterEach, expect, it } from 'vitest';
import { describeIfAvailable } from '../../helpers/requirements.js';
import { TestContainers, dockerEnv, until } from '../../helpers/docker-env.js';
import { DockerEngine, watchEngineEvents, type EngineEvent, type EngineEventsStatus } from '../../../src/adapters/docker/index.js';
import { relay } from '../../helpers/socket-relay.js';

describeIfAvailable('docker engine events (real engine)', dockerEnv.available, dockerEnv.reason, () => {
  const containers = new TestContainers();
  afterEach(() => containers.removeAll());
  afterAll(() => containers.removeAll());

  it('delivers container events, reconnects after the connection drops, and says so', async () => {
    const socketPath = containers.engine.target.options.socketPath;
    if (!socketPath) throw new Error(`the events test needs a unix socket engine, got ${dockerEnv.host}`);
    const r = await relay(socketPath);
    const engine = new DockerEngine(`unix://${r.path}`);
    const events: EngineEvent[] = [];
    const statuses: EngineEventsStatus[] = [];
    const ac = new AbortController();
    try {
      watchEngineEvents(engine, { event: (e) => events.push(e), status: (s) => statuses.push(s) }, ac.signal, { backoffMs: 100 });
      await until('connected', async () => statuses.some((s) => s.state === 'connected'));

      const a = await containers.create({ cmd: ['sleep', '600'] });
      await until('start event of the first container', async () => events.some((e) => e.id === a.id && e.action === 'start'));
      expect(events.find((e) => e.id === a.id && e.action === 'start')?.name).toBe(a.name);

      r.cut();
      await until('reconnected', async () => statuses.some((s) => s.state === 'reconnected'));
      const states = statuses.map((s) => s.state);
      expect(states.indexOf('disconnected')).toBeGreaterThan(states.indexOf('connected'));
      expect(states.indexOf('reconnected')).toBeGreaterThan(states.indexOf('disconnected'));

      const b = await containers.create({ cmd: ['sleep', '600'] });
      await until('start event after the reconnect', async () => events.some((e) => e.id === b.id && e.action === 'start'));
      // Resuming with `since` must not replay what was already delivered.
      expect(events.filter((e) => e.id === a.id && e.action === 'start')).toHaveLength(1);

      await containers.docker.getContainer(b.id).kill();
      await until('die event', async () => events.some((e) => e.id === b.id && e.action === 'die'));
    } finally {
      ac.abort();
      await r.close();
    }
  });
});
