// The Docker engine of each place a service lives (see domain/fleet/docker-placements.ts), as
// shared clients: the controller (health, run state, actions, engine events), the log sources
// and the stats stream all take their engines from here, so a host's engine is one client.
import type { Environment, Service } from '../../domain/profile/profile-model.js';
import { dockerPlacements } from '../../domain/fleet/docker-placements.js';
import { instanceName, type ServiceInstance } from '../../domain/fleet/service-instance.js';
import { sharedDockerEngine, type DockerEngine } from './docker-engine.js';
import { describeProblem, type ContainerStatus } from './container-state.js';

export interface EnginePlacement {
  /** The host's name; undefined: the environment's own engine. */
  host?: string;
  engine: DockerEngine;
}

/** The engines a service's containers live on. */
export type ServiceEngines = (service: Service) => EnginePlacement[];

/** Per service, the engines of its hosts, or the environment's engine. */
export function environmentEngines(environment: Pick<Environment, 'dockerHost' | 'hosts'>, engineAt: (dockerHost?: string) => DockerEngine = sharedDockerEngine): ServiceEngines {
  return (service) => dockerPlacements(environment, service).map((p) => ({ host: p.host, engine: engineAt(p.dockerHost) }));
}

/** Every service on one engine (tests, benchmarks): `on:` is not looked at. */
export function singleEngine(engine: DockerEngine): ServiceEngines {
  return () => [{ engine }];
}

/** A container found on a placement's engine, as an instance of the service. */
export function toInstance(service: Service, host: string | undefined, c: ContainerStatus): ServiceInstance {
  const oneContainer = service.provider.kind === 'docker' && service.provider.container !== undefined;
  const problem = describeProblem(c);
  return {
    name: instanceName(service.name, c.name, host, oneContainer),
    ...(host !== undefined ? { host } : {}),
    container: c.name,
    containerId: c.id,
    run: c.runState,
    status: c.status,
    ...(c.health ? { health: c.health } : {}),
    ...(c.startedAt && c.runState === 'running' ? { startedAt: c.startedAt } : {}),
    restartCount: c.restartCount,
    ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** A placement where no container of the service was found, or whose engine did not answer. */
export function absentInstance(service: Service, host: string | undefined, status: 'missing' | 'unreachable', problem: string): ServiceInstance {
  return { name: host === undefined ? service.name : `${service.name}@${host}`, ...(host !== undefined ? { host } : {}), run: 'unknown', status, problem };
}
