// What an open incident records of what a process observed: changes of the affected services and
// their dependencies only, against the last recorded state, never an observation older than it.
import { describe, expect, it } from 'vitest';
import { foldIncident } from '../../../src/domain/incident/incident-fold.js';
import { healthToRecord, watchedServices } from '../../../src/domain/incident/health-record.js';
import type { IncidentEvent } from '../../../src/domain/incident/incident-events.js';
import type { Profile } from '../../../src/domain/profile/profile-model.js';

const svc = (name: string, dependsOn: string[] = []) => ({ name, dependsOn, provider: { kind: 'external' }, health: [], logs: [] });
const profile = { name: 'shop', services: { db: svc('db'), cache: svc('cache'), api: svc('api', ['db', 'cache']), web: svc('web', ['api']), mail: svc('mail') } } as unknown as Profile;
const T0 = 1_800_000_000_000;
const by = 'ana@h';
const start: IncidentEvent = { type: 'start', at: T0, by, id: 'INC-1', profile: 'shop', environment: 'local', severity: 'P1', title: 't', services: ['api'] };
const inc = (...more: IncidentEvent[]) => foldIncident([start, ...more])!;
const obs = (service: string, state: string, at: number) => ({ service, state, at });

describe('health to record', () => {
  it('watches the affected services and everything they depend on; all services when none is named', () => {
    expect([...watchedServices(profile, ['api'])].sort()).toEqual(['api', 'cache', 'db']);
    expect([...watchedServices(profile, [])].sort()).toEqual(['api', 'cache', 'db', 'mail', 'web']);
  });

  it('records first states and changes, not repeats, unknowns or services outside the incident', () => {
    const i = inc({ type: 'health', at: T0 + 1, by, service: 'api', state: 'healthy' });
    expect(healthToRecord(profile, i, [obs('api', 'healthy', T0 + 5), obs('db', 'unhealthy', T0 + 5), obs('cache', 'unknown', T0 + 5), obs('web', 'unhealthy', T0 + 5)])).toEqual([obs('db', 'unhealthy', T0 + 5)]);
    expect(healthToRecord(profile, i, [obs('api', 'unhealthy', T0 + 6)])).toEqual([obs('api', 'unhealthy', T0 + 6)]);
  });

  it('drops an observation older than the state recorded since (a slower process)', () => {
    const i = inc({ type: 'health', at: T0 + 10, by, service: 'api', state: 'unhealthy' });
    expect(healthToRecord(profile, i, [obs('api', 'healthy', T0 + 9)])).toEqual([]);
    expect(healthToRecord(profile, i, [obs('api', 'healthy', T0 + 11)])).toEqual([obs('api', 'healthy', T0 + 11)]);
  });

  it('one observation list offering a service twice records each change once', () => {
    expect(healthToRecord(profile, inc(), [obs('api', 'unhealthy', T0 + 1), obs('api', 'unhealthy', T0 + 2), obs('api', 'healthy', T0 + 3)])).toEqual([obs('api', 'unhealthy', T0 + 1), obs('api', 'healthy', T0 + 3)]);
  });

  it('records nothing in a resolved incident', () => {
    expect(healthToRecord(profile, inc({ type: 'resolve', at: T0 + 1, by }), [obs('api', 'unhealthy', T0 + 2)])).toEqual([]);
  });
});
