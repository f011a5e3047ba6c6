// Where a Docker service's containers live in an environment: the one answer every Docker
// consumer (health and run state, engine events, actions, logs, stats) takes its engines from.
// A service with `on:` has one engine per host (the host's docker.host, default ssh://<its ssh>);
// without, the environment's engine (its docker.host, else DOCKER_HOST, else the default socket).
import { serviceHosts, type Environment, type Service } from '../profile/profile-model.js';

export interface DockerPlacement {
  /** The host's name; undefined: the environment's own engine. */
  host?: string;
  /** The engine's address; undefined: DOCKER_HOST or the default socket. */
  dockerHost?: string;
}

/** Empty for a service on hosts this environment does not have (it never falls back to this machine). */
export function dockerPlacements(environment: Pick<Environment, 'dockerHost' | 'hosts'>, service: Pick<Service, 'on'>): DockerPlacement[] {
  if (service.on) return serviceHosts(environment, service).map((h) => ({ host: h.name, dockerHost: h.dockerHost }));
  return [{ dockerHost: environment.dockerHost }];
}
