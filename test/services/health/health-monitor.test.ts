// The monitor against real loopback servers through the real probers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HealthMonitor, firstRoundBatch, type ServiceControllers } from '../../../src/services/health/health-monitor.js';
import { CompositeProber } from '../../../src/adapters/health/composite-prober.js';
import type { HealthProber } from '../../../src/ports/health-prober.js';
import type { ProviderObservation } from '../../../src/ports/service-controller.js';
import type { RunState } from '../../../src/domain/health/health-model.js';
import { HealthTimeoutError } from '../../../src/domain/health/health-errors.js';
import { UserAbort } from '../../../src/domain/errors.js';
import { startFixtureServer, type FixtureServer } from '../../helpers/http-fixtures.js';
import { makeProfile } from '../../helpers/profiles.js';

let server: FixtureServer;
const monitors: HealthMonitor[] = [];
beforeAll(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((m) => m.stop()));
});
afterAll(() => server.close());

function monitorFor(services: Parameters<typeof makeProfile>[0]['services'], extra: { prober?: HealthProber; controllers?: ServiceControllers; vars?: Record<string, string>; concurrency?: number } = {}): HealthMonitor {
  const profile = makeProfile({ services, environments: { local: { vars: { base: server.url, ...extra.vars } } } });
  const m = new HealthMonitor({ profile, environment: profile.environments.local!, prober: extra.prober ?? new CompositeProber(), controllers: extra.controllers, flushMs: 20, concurrency: extra.concurrency });
  monitors.push(m);
  return m;
}

const http = (path: string, more: Record<string, unknown> = {}) => ({ http: { url: `{{ vars.base }}${path}` }, ...more });

describe('HealthMonitor', () => {
  it('derives states and names the blocked dependency and the root cause of a chain', async () => {
    const m = monitorFor({
      db: { health: [http('/fail')] },
      api: { depends_on: ['db'], health: [http('/fail'), http('/ok')] },
      web: { depends_on: ['api'], health: [http('/ok')] },
      cron: { health: [http('/slow?ms=300', { http: { url: `${server.url}/slow?ms=300`, max_latency: '100ms' } })] },
    });
    const h = await m.runOnce();
    expect(h.db).toMatchObject({ state: 'unhealthy', run: 'unknown', blockedBy: [] });
    expect(h.db!.checks[0]).toMatchObject({ ok: false, error: 'status 503 (expected 2xx/3xx)' });
    expect(h.api).toMatchObject({ state: 'degraded', blockedBy: ['db'], rootCause: 'db' });
    expect(h.web).toMatchObject({ state: 'healthy', blockedBy: [] });
    expect(h.cron).toMatchObject({ state: 'degraded' });
    expect(h.cron!.checks[0]).toMatchObject({ ok: true, slow: true });
    // the store holds the same picture
    expect(m.store.getState().services.api).toMatchObject({ state: 'degraded', rootCause: 'db' });

    server.mode = 'ok';
    const m2 = monitorFor({
      db: { health: [http('/fail')] },
      api: { depends_on: ['db'], health: [http('/fail')] },
      web: { depends_on: ['api'], health: [http('/')] },
    });
    const h2 = await m2.runOnce();
    expect(h2.web).toMatchObject({ state: 'healthy', blockedBy: ['api'], rootCause: 'db' });
  });

  it('runs checks concurrently: a hung endpoint does not delay the others', async () => {
    const m = monitorFor({
      hung: { health: [http('/hang', { timeout: '2s' })] },
      a: { health: [http('/ok')] },
      b: { health: [{ tcp: { port: server.port } }] },
    });
    const seen: Record<string, number> = {};
    const t0 = performance.now();
    m.store.subscribe((s) => {
      for (const [name, h] of Object.entries(s.services)) if (h.lastCheckAt && seen[name] === undefined) seen[name] = performance.now() - t0;
    });
    m.start();
    await new Promise((r) => setTimeout(r, 2600));
    expect(seen.a).toBeLessThan(1000);
    expect(seen.b).toBeLessThan(1000);
    expect(seen.hung).toBeGreaterThanOrEqual(1900);
    expect(m.store.getState().services.hung).toMatchObject({ state: 'unhealthy', checks: [{ error: 'timeout after 2s' }] });
  });

  it('more hung endpoints than concurrency slots still do not hold up the others', async () => {
    const m = monitorFor({
      h1: { health: [http('/hang', { timeout: '3s' })] },
      h2: { health: [http('/hang', { timeout: '3s' })] },
      h3: { health: [http('/hang', { timeout: '3s' })] },
      late: { health: [http('/ok')] },
    }, { concurrency: 2 });
    const t0 = performance.now();
    let lateAt = Infinity;
    m.store.subscribe((s) => {
      if (s.services.late?.lastCheckAt && lateAt === Infinity) lateAt = performance.now() - t0;
    });
    const h = await m.runOnce();
    expect(lateAt).toBeLessThan(2000);
    expect(h.late).toMatchObject({ state: 'healthy' });
    expect(h.h3).toMatchObject({ state: 'unhealthy', checks: [{ error: 'timeout after 3s' }] });
  });

  it('skips a check while its previous run is still in flight', async () => {
    const inner = new CompositeProber();
    const calls: Record<string, number> = {};
    const counting: HealthProber & { close(): void } = {
      probe: (c, s) => ((calls[c.name] = (calls[c.name] ?? 0) + 1), inner.probe(c, s)),
      close: () => inner.close(),
    };
    const m = monitorFor({
      hung: { health: [{ name: 'hang', ...http('/hang', { interval: '100ms', timeout: '1500ms' }) }] },
      fast: { health: [{ name: 'fast', ...http('/ok', { interval: '100ms' }) }] },
    }, { prober: counting });
    m.start();
    await new Promise((r) => setTimeout(r, 1000));
    expect(calls.hang).toBe(1);
    expect(calls.fast).toBeGreaterThanOrEqual(4);
  });

  it("a provider's look that started earlier and answers later does not overwrite a newer one", async () => {
    // Two looks overlap (an engine event's refresh, then a recheck): the first answers last.
    const answers: ((o: ProviderObservation) => void)[] = [];
    const look = (run: RunState): ProviderObservation => ({ run, check: { check: 'container', ok: run === 'running', latencyMs: 1, at: Date.now() }, instances: [{ name: 'web@web-2', host: 'web-2', run, status: run === 'running' ? 'running' : 'unreachable' }] });
    const controllers: ServiceControllers = {
      docker: { runState: async () => 'unknown', start: async () => {}, stop: async () => {}, observe: () => new Promise((r) => answers.push(r)) },
    };
    const m = monitorFor({ web: { docker: { container: 'web' } } }, { controllers });
    const first = m.recheck('web');
    const second = m.recheck('web');
    await new Promise((r) => setImmediate(r));
    expect(answers).toHaveLength(2);
    answers[1]!(look('unknown'));
    await second;
    answers[0]!(look('running'));
    await first;
    expect(m.store.getState().services.web).toMatchObject({ run: 'unknown', instances: [{ name: 'web@web-2', status: 'unreachable' }] });
  });

  it('uses run states from controllers, and unknown without one', async () => {
    const states: Record<string, RunState> = { api: 'running', worker: 'stopped' };
    const controllers: ServiceControllers = {
      process: { runState: async (s) => states[s.name] ?? 'unknown', start: async () => {}, stop: async () => {} },
    };
    const m = monitorFor({
      api: { process: { command: ['x'] }, health: [http('/ok')] },
      worker: { process: { command: ['x'] }, health: [http('/ok')] },
      ext: { health: [] },
      web: { depends_on: ['worker'], docker: { container: 'web' }, health: [http('/ok')] },
    }, { controllers });
    const h = await m.runOnce();
    expect(h.api).toMatchObject({ run: 'running', state: 'healthy' });
    expect(h.worker).toMatchObject({ run: 'stopped', state: 'stopped' });
    expect(h.ext).toMatchObject({ run: 'unknown', state: 'unknown' });
    expect(h.web).toMatchObject({ run: 'unknown', state: 'healthy', blockedBy: ['worker'], rootCause: 'worker' });
  });

  it('fails a check with an undefined variable without affecting the others', async () => {
    const m = monitorFor({ a: { health: [{ http: { url: '{{ vars.missing }}/x' } }, http('/ok')] } });
    const h = await m.runOnce();
    expect(h.a!.state).toBe('degraded');
    expect(h.a!.checks[0]).toMatchObject({ ok: false, error: 'template: "vars.missing" is not defined' });
  });

  it('stop() releases every timer and socket it made', async () => {
    const count = () => {
      const c: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) c[r] = (c[r] ?? 0) + 1;
      return { timers: c.Timeout ?? 0, sockets: c.TCPSocketWrap ?? 0 };
    };
    await new Promise((r) => setTimeout(r, 100));
    const before = count();
    const m = monitorFor({
      a: { health: [http('/ok', { interval: '200ms' }), { tcp: { port: server.port }, interval: '200ms' }] },
      b: { health: [http('/hang', { timeout: '5s' })] },
    });
    m.start();
    await new Promise((r) => setTimeout(r, 700));
    const during = count();
    expect(during.timers).toBeGreaterThan(before.timers);
    expect(during.sockets).toBeGreaterThan(before.sockets);
    await m.stop();
    await new Promise((r) => setTimeout(r, 200)); // server-side ends of the sockets close too
    expect(count()).toEqual(before);
  });

  it('stop() cancels checks in flight promptly and writes nothing afterwards', async () => {
    const m = monitorFor({ hung: { health: [http('/hang', { timeout: '10s' })] } });
    m.start();
    await new Promise((r) => setTimeout(r, 200));
    const before = m.store.getState().updatedAt;
    const t0 = performance.now();
    await m.stop();
    expect(performance.now() - t0).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(m.store.getState().updatedAt).toBe(before);
  });
});

describe('the first round of checks after start()', () => {
  it.each([
    // checks, shortest interval, checks started per 100 ms step
    [4, 2000, 20], // a small profile: all at once
    [30, 5000, 20], // 20, then 10 a step later
    [1000, 5000, 40], // over 2.5 s, half the interval, before the phased runs begin
    [1000, 2000, 100],
    [1000, 100, 1000], // an interval too short to spread over: all at once
  ])('%i checks, shortest interval %i ms: %i per step', (checks, interval, batch) => {
    expect(firstRoundBatch(checks, interval)).toBe(batch);
  });

  it('runs every check in the first round, past 20 of them in steps', async () => {
    const services = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`svc-${i}`, { health: [http('/ok', { interval: '30s' })] }]));
    const m = monitorFor(services);
    m.start();
    await new Promise<void>((resolve) => {
      const done = () => Object.values(m.store.getState().services).every((s) => s.checks[0]?.ok === true);
      if (done()) return resolve();
      const off = m.store.subscribe(() => done() && (off(), resolve()));
    });
    expect(Object.keys(m.store.getState().services)).toHaveLength(45);
  });
});

describe('waitHealthy', () => {
  it('resolves once the service passes', async () => {
    server.mode = 'fail';
    const m = monitorFor({ api: { health: [http('/')] } });
    setTimeout(() => (server.mode = 'ok'), 600);
    const h = await m.waitHealthy(['api'], 10_000);
    expect(h.api).toMatchObject({ state: 'healthy' });
  });

  it('rejects on timeout naming the service and its failing check', async () => {
    server.mode = 'fail';
    const m = monitorFor({ api: { health: [{ name: 'api-http', ...http('/') }] }, db: { health: [http('/ok')] } });
    const err = await m.waitHealthy(['db', 'api'], 1200).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HealthTimeoutError);
    expect(err).toMatchObject({ service: 'api', check: 'api-http', pending: ['api'] });
    expect((err as Error).message).toBe('api not healthy after 1.2s: check "api-http" failed: status 503 (expected 2xx/3xx)');
    server.mode = 'ok';
  });

  it('honours the deadline even when a check hangs', async () => {
    const m = monitorFor({ api: { health: [http('/hang', { timeout: '10s' })] } });
    const t0 = performance.now();
    const err = await m.waitHealthy(['api'], 800).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HealthTimeoutError);
    expect((err as Error).message).toBe('api not healthy after 800ms: no result yet');
    expect(performance.now() - t0).toBeLessThan(2500);
  });

  it('stops when the signal aborts', async () => {
    server.mode = 'fail';
    const m = monitorFor({ api: { health: [http('/')] } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    await expect(m.waitHealthy(['api'], 10_000, ac.signal)).rejects.toBeInstanceOf(UserAbort);
    server.mode = 'ok';
  });
});
