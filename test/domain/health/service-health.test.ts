import { describe, expect, it } from 'vitest';
import { primaryCheck, serviceHealthOf, updatedServiceHealth } from '../../../src/domain/health/service-health.js';
import { mulberry32 } from '../../helpers/prng.js';
import type { ServiceInstance } from '../../../src/domain/fleet/service-instance.js';
import type { CheckResult, RunState } from '../../../src/domain/health/health-model.js';
import { makeProfile } from '../../helpers/profiles.js';

const r = (check: string, ok: boolean, latencyMs: number, at: number): CheckResult => ({ check, ok, latencyMs, at, ...(ok ? {} : { error: 'connection refused' }) });

describe('serviceHealthOf', () => {
  const profile = makeProfile({
    services: {
      db: { health: [{ command: ['pg_isready'] }, { tcp: { port: 5432 } }] },
      api: { depends_on: ['db'], health: [{ http: { url: 'http://x' } }] },
      ext: {},
    },
  });
  const services = Object.values(profile.services);

  it('combines results, run states and hints', () => {
    const results = new Map([
      ['db', [r('command#1', false, 5, 10), r('tcp#2', false, 1, 12)]],
      ['api', [r('http#1', true, 30, 11)]],
      ['ext', []],
    ]);
    const runs = new Map<string, RunState>([['db', 'running']]);
    const h = serviceHealthOf(services, results, runs);
    expect(h.db).toEqual({ service: 'db', state: 'unhealthy', run: 'running', checks: results.get('db'), latencyMs: 1, lastCheckAt: 12, blockedBy: [], rootCause: undefined });
    expect(h.api).toMatchObject({ state: 'healthy', run: 'unknown', latencyMs: 30, lastCheckAt: 11, blockedBy: ['db'], rootCause: 'db' });
    expect(h.ext).toMatchObject({ state: 'unknown', checks: [], latencyMs: undefined, lastCheckAt: undefined });
  });

  it('a service whose every container is missing is unhealthy even when a declared check passes (never degraded), and its dependants are blocked', () => {
    const missing: ServiceInstance = { name: 'db', run: 'unknown', status: 'missing', problem: 'no container named "shop-db"' };
    const results = new Map([['db', [r('command#1', true, 5, 10), r('tcp#2', true, 1, 10), { ...r('container', false, 2, 10), error: 'no container named "shop-db"' }]]]);
    const h = serviceHealthOf(services, results, new Map(), new Map([['db', [missing]]]));
    expect(h.db).toMatchObject({ state: 'unhealthy', run: 'unknown' });
    expect(h.api).toMatchObject({ blockedBy: ['db'] });
    // One of several placements without a container is not the service gone.
    const running: ServiceInstance = { name: 'db@b', host: 'b', container: 'shop-db', run: 'running', status: 'running' };
    expect(serviceHealthOf(services, results, new Map([['db', 'running']]), new Map([['db', [{ ...missing, name: 'db@a', host: 'a' }, running]]])).db!.state).toBe('degraded');
  });

  it('shows checks not yet run as absent, and the state as unknown until one completes', () => {
    const h = serviceHealthOf(services, new Map([['db', [undefined, r('tcp#2', true, 2, 5)]]]), new Map());
    expect(h.db).toMatchObject({ state: 'healthy', checks: [{ check: 'tcp#2' }], latencyMs: 2 });
    expect(h.api).toMatchObject({ state: 'unknown', checks: [] });
  });

  it('takes latency from the first http/tcp check, else the first', () => {
    expect(primaryCheck(profile.services.db!)).toBe(1);
    expect(primaryCheck(profile.services.api!)).toBe(0);
    expect(primaryCheck(profile.services.ext!)).toBeUndefined();
  });
});

describe('updatedServiceHealth', () => {
  // A chain and a fan: a -> b -> c, d -> c, e alone; the hints of a and d depend on c's state.
  const profile = makeProfile({
    services: {
      a: { depends_on: ['b'], health: [{ tcp: { port: 1 } }] },
      b: { depends_on: ['c'], health: [{ tcp: { port: 2 } }] },
      c: { health: [{ tcp: { port: 3 } }, { http: { url: 'http://x' } }] },
      d: { depends_on: ['c'], health: [{ tcp: { port: 4 } }] },
      e: {},
    },
  });
  const services = Object.values(profile.services);

  it('after any sequence of changes, equals the full recompute, and says exactly which entries changed', () => {
    const rand = mulberry32(5);
    const results = new Map<string, (CheckResult | undefined)[]>(services.map((s) => [s.name, s.health.map(() => undefined)]));
    const runs = new Map<string, RunState>();
    const instances = new Map<string, ServiceInstance[]>();
    let prev = serviceHealthOf(services, results, runs);
    for (let step = 0; step < 500; step++) {
      const dirty = new Set<string>();
      for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) {
        const s = services[Math.floor(rand() * services.length)]!;
        dirty.add(s.name);
        const pick = rand();
        if (s.health.length && pick < 0.7) results.get(s.name)![Math.floor(rand() * s.health.length)] = r('x', rand() < 0.7, Math.floor(rand() * 50), step);
        else if (pick < 0.85) runs.set(s.name, (['running', 'stopped', 'unknown'] as const)[Math.floor(rand() * 3)]!);
        else if (rand() < 0.5) instances.set(s.name, [{ name: `${s.name}-1`, run: 'running', status: `up ${step}` }]);
        else instances.delete(s.name);
      }
      const { all, changed } = updatedServiceHealth(prev, services, results, runs, dirty, instances);
      expect(all).toEqual(serviceHealthOf(services, results, runs, instances));
      for (const name of Object.keys(all)) {
        if (name in changed) expect(changed[name]).toBe(all[name]);
        else expect(all[name]).toBe(prev[name]);
      }
      prev = all;
    }
  });
});
