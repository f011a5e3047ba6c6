// The Docker controller, loaded on first use: dockerode (and ssh2 under it) costs start-up time
// that profiles without docker services, and consoles that never touch one, should not pay.
import type { Environment, Service } from '../../domain/profile/profile-model.js';
import type { CheckResult, RunState } from '../../domain/health/health-model.js';
import type { ServiceInstance } from '../../domain/fleet/service-instance.js';
import type { InstanceActionReport, ProviderObservation, ServiceController, ServiceStatus } from '../../ports/service-controller.js';
import type { DockerServiceController } from './docker-controller.js';
import type { InstanceFigures } from '../../domain/fleet/container-stats.js';

type DockerEnvironment = Pick<Environment, 'dockerHost' | 'hosts'>;

export class LazyDockerController implements ServiceController {
  private controller?: Promise<DockerServiceController>;

  constructor(private readonly environment: DockerEnvironment) {}

  private get(): Promise<DockerServiceController> {
    this.controller ??= import('./docker-controller.js').then((m) => m.createDockerController(this.environment));
    return this.controller;
  }

  async runState(service: Service): Promise<RunState> {
    return (await this.get()).runState(service);
  }

  async status(service: Service): Promise<ServiceStatus> {
    return (await this.get()).status(service);
  }

  async instances(service: Service): Promise<ServiceInstance[]> {
    return (await this.get()).instances(service);
  }

  async start(service: Service, signal?: AbortSignal): Promise<void | InstanceActionReport[]> {
    return (await this.get()).start(service, signal);
  }

  async stop(service: Service, signal?: AbortSignal): Promise<void | InstanceActionReport[]> {
    return (await this.get()).stop(service, signal);
  }

  async observe(service: Service): Promise<ProviderObservation> {
    return (await this.get()).observe(service);
  }

  async providerCheck(service: Service): Promise<CheckResult> {
    return (await this.get()).providerCheck(service);
  }

  watch(services: readonly Service[], handlers: Parameters<NonNullable<ServiceController['watch']>>[1], signal: AbortSignal): void {
    void this.get().then((c) => !signal.aborted && c.watch(services, handlers, signal));
  }

  followStats(service: Service, onStats: (stats: InstanceFigures[]) => void, signal: AbortSignal): void {
    void this.get().then((c) => !signal.aborted && c.followStats(service, onStats, signal));
  }
}

/** A docker controller when the profile has docker services, else none. */
export function dockerControllerFor(services: readonly Service[], environment: DockerEnvironment): { docker?: ServiceController } {
  return services.some((s) => s.provider.kind === 'docker') ? { docker: new LazyDockerController(environment) } : {};
}
