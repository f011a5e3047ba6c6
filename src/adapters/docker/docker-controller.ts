// The ServiceController for `docker` services, and the container check the health monitor folds
// into a docker service's health (container state + HEALTHCHECK). A service on hosts (`on:`)
// has an instance on each host's own engine: run state, health, actions and engine events all
// go to every one of them (service-engines.ts says which engines those are).
import type { Environment, Service } from '../../domain/profile/profile-model.js';
import type { CheckResult, RunState } from '../../domain/health/health-model.js';
import type { InstanceActionReport, ProviderObservation, ServiceController, ServiceStatus } from '../../ports/service-controller.js';
import { UsageError, errorMessage } from '../../domain/errors.js';
import { instancesDetail, instancesPartlyFine, instancesProblem, instancesRunState, type ServiceInstance } from '../../domain/fleet/service-instance.js';
import { DockerEngine, describeSpec, sharedDockerEngine, type DockerSpec } from './docker-engine.js';
import type { ContainerStatus } from './container-state.js';
import { DockerUnreachableError } from './docker-errors.js';
import { absentInstance, environmentEngines, singleEngine, toInstance, type EnginePlacement, type ServiceEngines } from './service-engines.js';
import { watchServiceEvents, type WatchHandlers } from './service-events.js';
import { actOnPlacements, findOnPlacements, type ActOne, type Found } from './placement-actions.js';
import { followServiceStats } from './container-stats.js';
import type { InstanceFigures } from '../../domain/fleet/container-stats.js';
import { instanceName } from '../../domain/fleet/service-instance.js';

export const DEFAULT_DOCKER_STOP_GRACE_MS = 10_000;
/** The name the container check carries in a service's check list. */
export const CONTAINER_CHECK = 'container';

export interface DockerControllerOptions {
  /** Grace period between the stop signal and SIGKILL (docker stop -t). Default 10 s. */
  stopGraceMs?: number;
}

export function dockerSpec(service: Service): DockerSpec {
  if (service.provider.kind !== 'docker') throw new UsageError(`service "${service.name}" is not a docker service`);
  return service.provider;
}

export class DockerServiceController implements ServiceController {
  private readonly graceMs: number;
  private readonly enginesOf: ServiceEngines;
  /** The engine of services without hosts (messages, tests). */
  readonly engine: DockerEngine;

  /** `engines`: one engine for every service, or the engines of each service (environmentEngines). */
  constructor(engines: DockerEngine | { engine: DockerEngine; of: ServiceEngines }, options: DockerControllerOptions = {}) {
    this.graceMs = options.stopGraceMs ?? DEFAULT_DOCKER_STOP_GRACE_MS;
    if (engines instanceof DockerEngine) {
      this.engine = engines;
      this.enginesOf = singleEngine(engines);
    } else {
      this.engine = engines.engine;
      this.enginesOf = engines.of;
    }
  }

  /** The engines the service's containers live on (one per host of its `on:`). */
  placements(service: Service): EnginePlacement[] {
    return this.enginesOf(service);
  }

  /** The container as it is now (the first instance's), or undefined when it does not exist. */
  async container(service: Service): Promise<ContainerStatus | undefined> {
    return (await this.replicas(service))[0];
  }

  /** Every container of the service on every engine (the replicas of a compose service). */
  async replicas(service: Service): Promise<ContainerStatus[]> {
    const found = await this.findEverywhere(service);
    return found.flatMap((f) => {
      if (f.error) throw f.error;
      return f.containers!;
    });
  }

  /**
   * Every instance: each container found, a "missing" instance for an engine that has none, an
   * "unreachable" one for a host whose engine did not answer. A service on this machine alone
   * keeps the engine's error (the caller says it), as it always did.
   */
  async instances(service: Service): Promise<ServiceInstance[]> {
    const spec = dockerSpec(service);
    const found = await this.findEverywhere(service);
    return found.flatMap(({ placement: { host, engine }, containers, error }) => {
      if (error) {
        if (host === undefined && found.length === 1) throw error;
        return [absentInstance(service, host, 'unreachable', errorMessage(error))];
      }
      if (containers!.length === 0) return [absentInstance(service, host, 'missing', `no container ${describeSpec(spec)}${host === undefined ? '' : ` on ${engine.display}`}`)];
      return containers!.map((c) => toInstance(service, host, c));
    });
  }

  /** A missing container reads as `unknown` (the container check says why). */
  async runState(service: Service): Promise<RunState> {
    return instancesRunState(await this.instances(service));
  }

  async status(service: Service): Promise<ServiceStatus> {
    const spec = dockerSpec(service);
    const all = await this.instances(service);
    if (all.length === 0) return { run: 'unknown', detail: `no host of this environment for ${service.name} (${describeSpec(spec)})` };
    const one = all.length === 1 ? all[0]! : undefined;
    if (one && !one.container) return { run: 'unknown', detail: one.host === undefined ? `${one.problem} on ${this.engine.display}` : one.problem };
    return { run: instancesRunState(all), startedAt: (one ?? all[0]!).startedAt, exitCode: one?.exitCode, detail: instancesDetail(all) };
  }

  /** Starts every instance that is not running, on every host. */
  start(service: Service, signal?: AbortSignal): Promise<void | InstanceActionReport[]> {
    return this.act(service, signal, async (engine, c) => {
      if (c.runState === 'running') return 'already-running';
      await engine.start(c.id);
      return 'started';
    });
  }

  /** Stops every instance (all of them, not one: "stop worker" means the service), on every host. */
  stop(service: Service, signal?: AbortSignal): Promise<void | InstanceActionReport[]> {
    return this.act(service, signal, async (engine, c) => {
      if (c.runState !== 'running' && c.runState !== 'starting') return 'already-stopped';
      await engine.stop(c.id, this.graceMs);
      return 'stopped';
    });
  }

  /** `docker restart` of every instance, on every host. */
  restart(service: Service, signal?: AbortSignal): Promise<void | InstanceActionReport[]> {
    return this.act(service, signal, async (engine, c) => {
      await engine.restart(c.id, this.graceMs);
      return 'started';
    });
  }

  private act(service: Service, signal: AbortSignal | undefined, one: ActOne): Promise<void | InstanceActionReport[]> {
    signal?.throwIfAborted();
    return this.findEverywhere(service).then((found) => actOnPlacements(service, found, one));
  }

  private findEverywhere(service: Service): Promise<Found[]> {
    return findOnPlacements(this.placements(service), dockerSpec(service));
  }

  /**
   * Engine events (start, die, health_status, destroy, ...) name the services they touch within
   * moments, instead of the next poll: one event stream per engine, whichever hosts it serves.
   */
  watch(services: readonly Service[], handlers: WatchHandlers, signal: AbortSignal): void {
    const docker = services.filter((s) => s.provider.kind === 'docker');
    watchServiceEvents(docker.map((s) => ({ service: s, spec: dockerSpec(s), engines: this.placements(s).map((p) => p.engine) })), handlers, signal);
  }

  /** CPU and memory of every running container of the service on every host, from each engine's stats stream. */
  followStats(service: Service, onStats: (stats: InstanceFigures[]) => void, signal: AbortSignal): void {
    const spec = dockerSpec(service);
    const byPlacement = new Map<number, InstanceFigures[]>();
    this.placements(service).forEach(({ host, engine }, i) => {
      followServiceStats(engine, spec, (containers) => {
        byPlacement.set(i, containers.map(({ containerId, container, ...figures }) => ({ instance: instanceName(service.name, container ?? containerId.slice(0, 12), host, spec.container !== undefined), ...figures })));
        onStats([...byPlacement.values()].flat());
      }, signal);
    });
  }

  /** See containerHealth(). */
  containerHealth(service: Service): Promise<CheckResult> {
    return this.providerCheck(service);
  }

  /** The containers' state and HEALTHCHECK, on every host, as one more check of the service. */
  async providerCheck(service: Service): Promise<CheckResult> {
    return (await this.observe(service)).check;
  }

  /** Run state, container check and instances from one listing of every engine. */
  async observe(service: Service): Promise<ProviderObservation> {
    const t0 = performance.now();
    try {
      const instances = await this.instances(service);
      return { run: instancesRunState(instances), check: instancesCheck(instances, t0), instances };
    } catch (err) {
      const check: CheckResult = { check: CONTAINER_CHECK, ok: false, latencyMs: Math.round(performance.now() - t0), at: Date.now(), error: errorMessage(err) };
      // The engine did not answer: a clear state of its own, and an instance that says so.
      if (err instanceof DockerUnreachableError) return { run: 'unknown', check: { ...check, unreachable: true }, instances: [absentInstance(service, undefined, 'unreachable', errorMessage(err))] };
      return { run: 'unknown', check };
    }
  }
}

/**
 * One check result from a service's instances: ok when every one runs and its HEALTHCHECK (if it
 * has one) says healthy; a failure naming each bad instance, `partial` when others are fine.
 */
export function instancesCheck(instances: readonly ServiceInstance[], t0 = performance.now()): CheckResult {
  const problem = instances.length === 0 ? 'no host of this environment runs it' : instancesProblem(instances);
  return {
    check: CONTAINER_CHECK, ok: problem === undefined, latencyMs: Math.round(performance.now() - t0), at: Date.now(),
    ...(problem === undefined ? {} : { error: problem }),
    ...(instancesPartlyFine(instances) ? { partial: true } : {}),
    ...(instances.length > 0 && instances.every((i) => i.status === 'unreachable') ? { unreachable: true } : {}),
  };
}

/**
 * One check result for a docker service on one engine: ok when the container runs and its
 * HEALTHCHECK (if it has one) says healthy. Never throws: an unreachable engine is a failed
 * check with the reason.
 */
export function containerHealth(service: Service, engine: DockerEngine = new DockerEngine()): Promise<CheckResult> {
  return new DockerServiceController(engine).providerCheck(service);
}

/**
 * The docker controller for one environment: services on hosts use each host's engine, the
 * others the environment's (its `docker.host`, else DOCKER_HOST, else the default socket).
 */
export function createDockerController(environment: Pick<Environment, 'dockerHost' | 'hosts'>, options: DockerControllerOptions = {}): DockerServiceController {
  return new DockerServiceController({ engine: sharedDockerEngine(environment.dockerHost), of: environmentEngines(environment) }, options);
}
