// The ServiceController for `docker` services, and the container check the health monitor folds
// into a docker service's health (container state + HEALTHCHECK).
import type { Environment, Service } from '../../domain/profile/profile-model.js';
import type { CheckResult, RunState } from '../../domain/health/health-model.js';
import type { ServiceController, ServiceStatus } from '../../ports/service-controller.js';
import { UsageError, errorMessage } from '../../domain/errors.js';
import { DockerEngine, describeSpec, sharedDockerEngine, type DockerSpec } from './docker-engine.js';
import { describeProblem, type ContainerStatus } from './container-state.js';

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

  /** A missing container reads as `unknown` (the container check says why). */
  async runState(service: Service): Promise<RunState> {
    return (await this.container(service))?.runState ?? 'unknown';
  }

  async status(service: Service): Promise<ServiceStatus> {
    const spec = dockerSpec(service);
    const c = await this.engine.find(spec);
    if (!c) return { run: 'unknown', detail: `no container ${describeSpec(spec)} on ${this.engine.display}` };
    const health = c.health ? `, ${c.health}` : '';
    const code = c.exitCode === undefined ? '' : ` (code ${c.exitCode})`;
    return {
      run: c.runState,
      startedAt: c.startedAt,
      exitCode: c.exitCode,
      detail: `container ${c.name} (${c.id.slice(0, 12)}) ${c.status}${code}${health}`,
    };
  }

  async start(service: Service, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const c = await this.engine.get(dockerSpec(service));
    if (c.runState !== 'running') await this.engine.start(c.id);
  }

  async stop(service: Service, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const c = await this.engine.get(dockerSpec(service));
    if (c.runState === 'running' || c.runState === 'starting') await this.engine.stop(c.id, this.graceMs);
  }

  async restart(service: Service, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const c = await this.engine.get(dockerSpec(service));
    await this.engine.restart(c.id, this.graceMs);
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
    const c = await engine.find(spec);
    if (!c) return result(false, `no container ${describeSpec(spec)}`);
    const problem = describeProblem(c);
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
