// Instances of a service (a container per host or replica): where they live, how they fold into
// one run state and verdict, and how an action on all of them reads. Pure.
import { describe, expect, it } from 'vitest';
import { dockerPlacements } from '../../../src/domain/fleet/docker-placements.js';
import { instanceCount, instanceName, instancesDetail, instancesPartlyFine, instancesProblem, instancesRunState, type ServiceInstance } from '../../../src/domain/fleet/service-instance.js';
import { describeInstanceReports, restartReports } from '../../../src/domain/fleet/instance-actions.js';
import { deriveState } from '../../../src/domain/health/health-model.js';
import { outcomeCounts } from '../../../src/domain/lifecycle/lifecycle-events.js';
import { makeProfile } from '../../helpers/profiles.js';

const inst = (name: string, run: ServiceInstance['run'], problem?: string): ServiceInstance => ({ name, run, status: run === 'running' ? 'running' : 'exited', container: 'shop-web', ...(problem ? { problem } : {}) });

describe('docker placements', () => {
  const profile = makeProfile({
    hosts: { 'web-1': { ssh: 'deploy@web-1', labels: { role: 'web' } }, 'web-2': { ssh: 'web-2', labels: { role: 'web' }, docker: { host: 'tcp://10.0.0.2:2376' } }, 'db-1': { ssh: 'db-1', labels: { role: 'db' } } },
    environments: { local: { vars: {}, docker: { host: 'unix:///run/local.sock' } }, prod: { vars: {}, hosts: ['db-1'] } },
    services: { web: { on: { role: 'web' }, docker: { container: 'shop-web' } }, db: { docker: { container: 'shop-db' } } },
  });

  it("a service on hosts: each host's engine (its docker.host, else ssh:// over its own connection)", () => {
    expect(dockerPlacements(profile.environments.local!, profile.services.web!)).toEqual([
      { host: 'web-1', dockerHost: 'ssh://deploy@web-1' },
      { host: 'web-2', dockerHost: 'tcp://10.0.0.2:2376' },
    ]);
  });

  it("without on: the environment's engine; on hosts the environment lacks: none (never this machine)", () => {
    expect(dockerPlacements(profile.environments.local!, profile.services.db!)).toEqual([{ dockerHost: 'unix:///run/local.sock' }]);
    expect(dockerPlacements(profile.environments.prod!, profile.services.web!)).toEqual([]);
  });
});

describe('instances', () => {
  it('are named service@host on hosts, by container here, container@host for replicas on hosts', () => {
    expect(instanceName('web', 'shop-web', 'web-1', true)).toBe('web@web-1');
    expect(instanceName('web', 'shop-web', undefined, true)).toBe('shop-web');
    expect(instanceName('worker', 'shop-worker-2', 'web-1', false)).toBe('shop-worker-2@web-1');
  });

  it('fold into one run state, a count and a problem naming each bad instance', () => {
    const one = [inst('web@web-1', 'running'), inst('web@web-2', 'exited', 'container exited (code 137)')];
    expect(instancesRunState(one)).toBe('running');
    expect(instanceCount(one)).toBe('1/2 running');
    expect(instancesProblem(one)).toBe('1/2 running: web@web-2 container exited (code 137)');
    expect(instancesPartlyFine(one)).toBe(true);
    expect(instancesDetail(one)).toBe('1/2 running: web@web-1 running, web@web-2 exited');
    const unhealthy = [inst('web@web-1', 'running', 'HEALTHCHECK unhealthy'), inst('web@web-2', 'running')];
    expect(instancesProblem(unhealthy)).toBe('2/2 running (1/2 healthy): web@web-1 HEALTHCHECK unhealthy');
    expect(instancesRunState([{ name: 'web@web-1', host: 'web-1', run: 'unknown', status: 'unreachable', problem: 'cannot reach Docker' }, inst('web@web-2', 'exited', 'x')])).toBe('exited');
    expect(instancesRunState([])).toBe('unknown');
  });

  it('a check failing on some instances only is degraded, not unhealthy; on all of them, unhealthy', () => {
    expect(deriveState('running', [{ check: 'container', ok: false, partial: true, latencyMs: 1, at: 1 }], 1)).toBe('degraded');
    expect(deriveState('running', [{ check: 'container', ok: false, latencyMs: 1, at: 1 }], 1)).toBe('unhealthy');
  });
});

describe('actions on every instance', () => {
  it('read per instance, a restart as one word per instance, a failing host by name', () => {
    expect(describeInstanceReports([{ instance: 'web@web-1', outcome: 'stopped' }, { instance: 'web@web-2', outcome: 'failed', message: 'cannot reach Docker at ssh://web-2: refused' }])).toBe('web@web-1 stopped, web@web-2 failed: cannot reach Docker at ssh://web-2: refused');
    expect(restartReports([{ instance: 'web@web-1', outcome: 'stopped' }, { instance: 'web@web-2', outcome: 'already-stopped' }], [{ instance: 'web@web-1', outcome: 'started' }, { instance: 'web@web-2', outcome: 'started' }])).toBe('web@web-1 restarted, web@web-2 started');
  });

  it("the lifecycle's summary names instances, and counts the services that have none", () => {
    const r = outcomeCounts({
      action: 'restart', ok: true, outcomes: [
        { service: 'web', outcome: 'stopped', instances: [{ instance: 'web@web-1', outcome: 'stopped' }, { instance: 'web@web-2', outcome: 'stopped' }] },
        { service: 'api', outcome: 'stopped' },
        { service: 'web', outcome: 'started', instances: [{ instance: 'web@web-1', outcome: 'started' }, { instance: 'web@web-2', outcome: 'started' }] },
        { service: 'api', outcome: 'started' },
      ],
    });
    expect(r).toBe('web@web-1 restarted, web@web-2 restarted, 1 stopped, 1 started');
    expect(outcomeCounts({ action: 'stop', ok: true, outcomes: [{ service: 'web', outcome: 'stopped', instances: [{ instance: 'web@web-1', outcome: 'stopped' }] }] })).toBe('web@web-1 stopped');
  });
});
