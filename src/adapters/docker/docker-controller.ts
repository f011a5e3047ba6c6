// The ServiceController for `docker` services, and the container check the health monitor folds
// into a docker service's health (container state + HEALTHCHECK).
import type { Environment, Service } from '../../domain/profile/profile-model.js';
import type { CheckResult, RunState } from '../../domain/health/health-model.js';
import type { ServiceController, ServiceStatus } from '../../ports/service-controller.js';
import { UsageError, errorMessage } from '../../domain/errors.js';
import { DockerEngine, describeSpec, sharedDockerEngine, type DockerSpec } from './docker-engine.js';
import type { ContainerStatus } from './container-state.js';
import { ContainerNotFoundError } from './docker-errors.js';
import { replicasDetail, replicasProblem, replicasRunState } from './replicas.js';
import { watchEngineEvents, type EngineEvent } from './engine-events.js';
import { COMPOSE_PROJECT, COMPOSE_SERVICE } from './docker-engine.js';

/** Container events that change what opsdeck shows. */
const RELEVANT = /^(start|die|stop|kill|restart|pause|unpause|oom|destroy|create|health_status)/;

function touches(spec: DockerSpec, e: EngineEvent): boolean {
  if (spec.container) return e.name === spec.container || e.id === spec.container;
  return e.attributes[COMPOSE_PROJECT] === spec.project && e.attributes[COMPOSE_SERVICE] === spec.service;
}

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

  constructor(readonly engine: DockerEngine, options: DockerControllerOptions = {}) {
    this.graceMs = options.stopGraceMs ?? DEFAULT_DOCKER_STOP_GRACE_MS;
  }

  /** The container as it is now, or undefined when it does not exist. */
  container(service: Service): Promise<ContainerStatus | undefined> {
    return this.engine.find(dockerSpec(service));
  }

  /** Every container of the service (the replicas of a compose service). */
  replicas(service: Service): Promise<ContainerStatus[]> {
    return this.engine.findAll(dockerSpec(service));
  }

  /** A missing container reads as `unknown` (the container check says why). */
  async runState(service: Service): Promise<RunState> {
    return replicasRunState(await this.replicas(service));
  }

  async status(service: Service): Promise<ServiceStatus> {
    const spec = dockerSpec(service);
    const all = await this.replicas(service);
    if (all.length === 0) return { run: 'unknown', detail: `no container ${describeSpec(spec)} on ${this.engine.display}` };
    const c = all[0]!;
    return { run: replicasRunState(all), startedAt: c.startedAt, exitCode: all.length === 1 ? c.exitCode : undefined, detail: replicasDetail(all) };
  }

  /** Starts every replica that is not running. */
  async start(service: Service, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const all = await this.existing(service);
    await Promise.all(all.filter((c) => c.runState !== 'running').map((c) => this.engine.start(c.id)));
  }

  /** Stops every replica (all of them, not one: "stop worker" means the service). */
  async stop(service: Service, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const all = await this.existing(service);
    await Promise.all(all.filter((c) => c.runState === 'running' || c.runState === 'starting').map((c) => this.engine.stop(c.id, this.graceMs)));
  }

  async restart(service: Service, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const all = await this.existing(service);
    await Promise.all(all.map((c) => this.engine.restart(c.id, this.graceMs)));
  }

  private async existing(service: Service): Promise<ContainerStatus[]> {
    const spec = dockerSpec(service);
    const all = await this.engine.findAll(spec);
    if (all.length === 0) throw new ContainerNotFoundError(describeSpec(spec), this.engine.display);
    return all;
  }

  /**
   * Engine events (start, die, health_status, destroy, ...) name the services they touch within
   * moments, instead of the next poll; a dropped stream (engine restart, lost ssh link) is said
   * and retried with backoff, and resumes from the last event seen.
   */
  watch(services: readonly Service[], handlers: Parameters<NonNullable<ServiceController['watch']>>[1], signal: AbortSignal): void {
    const docker = services.filter((s) => s.provider.kind === 'docker');
    if (docker.length === 0) return;
    watchEngineEvents(this.engine, {
      event: (e) => {
        if (!RELEVANT.test(e.action)) return;
        const names = docker.filter((s) => touches(dockerSpec(s), e)).map((s) => s.name);
        if (names.length) handlers.changed(names);
      },
      status: (st) => {
        if (st.state === 'disconnected') handlers.notice?.(`Docker events from ${this.engine.display} lost: ${st.reason}; retrying in ${Math.round(st.retryInMs / 100) / 10}s`);
        else {
          handlers.notice?.(undefined);
          if (st.state === 'reconnected') handlers.changed(docker.map((s) => s.name)); // catch up on what was missed
        }
      },
    }, signal);
  }

  /** See containerHealth(). */
  containerHealth(service: Service): Promise<CheckResult> {
    return containerHealth(service, this.engine);
  }

  /** The container's state and HEALTHCHECK as one more check of the service. */
  providerCheck(service: Service): Promise<CheckResult> {
    return containerHealth(service, this.engine);
  }
}

/**
 * One check result for a docker service: ok when the container runs and its HEALTHCHECK (if it
 * has one) says healthy. Never throws: an unreachable engine is a failed check with the reason.
 */
export async function containerHealth(service: Service, engine: DockerEngine = new DockerEngine()): Promise<CheckResult> {
  const t0 = performance.now();
  const result = (ok: boolean, error?: string): CheckResult => ({
    check: CONTAINER_CHECK, ok, latencyMs: Math.round(performance.now() - t0), at: Date.now(), ...(error ? { error } : {}),
  });
  try {
    const spec = dockerSpec(service);
    const all = await engine.findAll(spec);
    if (all.length === 0) return result(false, `no container ${describeSpec(spec)}`);
    // Every replica counts: one exited or unhealthy replica is a failing check, saying which.
    const problem = replicasProblem(all);
    return result(problem === undefined, problem);
  } catch (err) {
    return result(false, errorMessage(err));
  }
}

/**
 * The docker controller for one environment (its `docker.host`, else DOCKER_HOST, else the
 * default socket), for `controllers: { docker: ... }` of the health monitor and the lifecycle.
 */
export function createDockerController(environment: Pick<Environment, 'dockerHost'>, options: DockerControllerOptions = {}): DockerServiceController {
  return new DockerServiceController(sharedDockerEngine(environment.dockerHost), options);
}
