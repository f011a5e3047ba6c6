import { describe, expect, it } from 'vitest';
import { placeChecks } from '../../../src/domain/fleet/place-checks.js';
import { serviceHosts } from '../../../src/domain/profile/profile-model.js';
import { validateProfileData } from '../../../src/domain/profile/validate-profile.js';
import { makeProfile } from '../../helpers/profiles.js';

const profile = makeProfile({
  hosts: {
    'web-1': { ssh: 'deploy@web-1', labels: { role: 'web', zone: 'a' } },
    'web-2': { ssh: 'web-2', labels: { role: 'web', zone: 'b' } },
    'db-1': { ssh: 'ssh://db-1:2222', labels: { role: 'db' } },
  },
  environments: { staging: { hosts: ['web-1', 'db-1'] }, production: {} },
  services: {
    web: { on: { role: 'web' }, health: [{ name: 'up', command: ['true'] }, { http: { url: 'http://x' } }, { name: 'a-only', command: ['true'], on: { zone: 'a' } }] },
    db: { on: 'db-1', docker: { container: 'pg' } },
    local: { health: [{ command: ['true'] }] },
  },
});

describe('hosts', () => {
  it('an environment narrows the profile hosts; a service picks among them by name or labels', () => {
    expect(serviceHosts(profile.environments.production!, profile.services.web!).map((h) => h.name)).toEqual(['web-1', 'web-2']);
    expect(serviceHosts(profile.environments.staging!, profile.services.web!).map((h) => h.name)).toEqual(['web-1']);
    expect(serviceHosts(profile.environments.staging!, profile.services.local!)).toEqual([]);
    expect(profile.hosts!['db-1']!.dockerHost).toBe('ssh://db-1:2222');
    expect(profile.hosts!['web-1']!.dockerHost).toBe('ssh://deploy@web-1');
  });

  it('places command checks on each host; http stays local; a check on: narrows further', () => {
    const placed = placeChecks(profile.services.web!, profile.environments.production!);
    expect(placed.health.map((c) => [c.name, c.kind === 'command' ? c.remote?.name : undefined])).toEqual([
      ['up@web-1', 'web-1'], ['up@web-2', 'web-2'], ['http#2', undefined], ['a-only@web-1', 'web-1'],
    ]);
    expect(placeChecks(profile.services.local!, profile.environments.production!)).toBe(profile.services.local);
  });

  it('validation names unknown hosts where they are used', () => {
    const r = validateProfileData({
      name: 'x',
      hosts: { 'web-1': { ssh: 'web-1' } },
      environments: { prod: { hosts: ['web-9'] } },
      services: { web: { on: ['web-1', 'wbe-1'], health: [{ command: ['true'], on: 'nope' }] }, job: { on: 'web-1', process: { command: ['x'] } } },
    });
    expect(r.problems.map((p) => `${p.path.join('.')}: ${p.message}`)).toEqual([
      'environments.prod.hosts: unknown host "web-9" (did you mean "web-1"?)',
      'services.web.on: unknown host "wbe-1" (did you mean "web-1"?)',
      'services.web.health.0.on: unknown host "nope"',
      'services.job.on: service "job" is a process service: opsdeck starts those on this machine only (use docker or an external service with on:)',
    ]);
    expect(validateProfileData({ name: 'x', hosts: { h: { ssh: '-oProxyCommand=x' } }, environments: { e: {} }, services: {} }).problems[0]?.message).toMatch(/ssh destination/);
  });
});
