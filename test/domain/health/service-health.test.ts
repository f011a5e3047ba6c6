import { describe, expect, it } from 'vitest';
import { primaryCheck, serviceHealthOf } from '../../../src/domain/health/service-health.js';
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
