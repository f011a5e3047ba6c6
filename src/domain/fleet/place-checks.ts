// A service's checks placed on its hosts: a `command` check runs on each host of its `on:` (or
// of the service), one result per host named "check@host"; http and tcp checks run here, once.
// The monitor then treats every placed check like any other.
import type { Environment, HealthCheckSpec, Service } from '../profile/profile-model.js';
import { serviceHosts } from '../profile/profile-model.js';
import { selectHosts } from './hosts.js';

export function placeChecks(service: Service, environment: Pick<Environment, 'hosts'>): Service {
  const onService = serviceHosts(environment, service);
  const placed = service.health.flatMap((c): HealthCheckSpec[] => {
    if (c.kind !== 'command') return [c];
    const hosts = c.on ? selectHosts(environment.hosts ?? [], c.on) : onService;
    // A check pinned to hosts this environment does not have, or of a service on hosts this
    // environment does not have, does not apply here (it never falls back to this machine).
    if (hosts.length === 0) return c.on || service.on ? [] : [c];
    return hosts.map((host) => ({ ...c, remote: host, name: `${c.name}@${host.name}` }));
  });
  return placed.length === service.health.length && placed.every((c, i) => c === service.health[i]) ? service : { ...service, health: placed };
}
