// What a service provider (process supervisor, Docker) can do. A capability that a provider
// lacks is simply absent: external services have no controller at all.
import type { Service } from '../domain/profile/profile-model.js';
import type { CheckResult, RunState } from '../domain/health/health-model.js';
import type { ServiceInstance } from '../domain/fleet/service-instance.js';
import type { InstanceActionReport } from '../domain/fleet/instance-actions.js';

export type { InstanceActionReport } from '../domain/fleet/instance-actions.js';
import type { InstanceFigures } from '../domain/fleet/container-stats.js';

/** More than the run state, for screens and messages; every field but `run` is optional. */
export interface ServiceStatus {
  run: RunState;
  pid?: number;
  /** ISO time the provider started it. */
  startedAt?: string;
  /** user@host that started it. */
  startedBy?: string;
  /** For `exited`: the exit code or signal, when known. */
  exitCode?: number | null;
  exitSignal?: string | null;
  /** One line for the operator: "pid 4242 since 19:20 by ops@box", "exited with code 1". */
  detail?: string;
  /** Where the service's own stdout/stderr go, when the provider keeps them in a file. */
  logFile?: string;
  /** Names (never values) of the environment variables the running service was started with. */
  envNames?: string[];
}

export interface ProviderObservation {
  run: RunState;
  check: CheckResult;
  instances?: ServiceInstance[];
}

export interface ServiceController {
  runState(service: Service): Promise<RunState>;
  /** Optional richer view of `runState`. */
  status?(service: Service): Promise<ServiceStatus>;
  /**
   * Starts what is not running. A provider with instances acts on every one of them and says
   * what became of each; when some failed it still acts on the others, then throws an
   * InstancesActionError carrying every report.
   */
  start(service: Service, signal?: AbortSignal): Promise<void | InstanceActionReport[]>;
  /** Stop gracefully (SIGTERM / docker stop), forcing after the service's grace period. */
  stop(service: Service, signal?: AbortSignal): Promise<void | InstanceActionReport[]>;
  /** Every instance as it is now (Docker: one per host of the service's `on:`, or per replica). */
  instances?(service: Service): Promise<ServiceInstance[]>;
  /**
   * Run state, the provider's check and the instances from one look (what the health monitor
   * polls, instead of asking three times). Never throws: a failure is a failed check.
   */
  observe?(service: Service): Promise<ProviderObservation>;
  /**
   * The provider's own verdict, counted as one more check of the service (Docker: container
   * state and its HEALTHCHECK). Never throws.
   */
  providerCheck?(service: Service): Promise<CheckResult>;
  /**
   * Pushes changes as they happen (Docker: engine events) until `signal` aborts: `changed` names
   * the services whose state moved, `notice` says when the feed drops or comes back (undefined
   * once it is back to normal). Polling stays the fallback.
   */
  watch?(services: readonly Service[], handlers: { changed(names: string[]): void; notice?(text: string | undefined): void }, signal: AbortSignal): void;
  /**
   * CPU and memory of the service's running instances (Docker: the engine's stats stream of each
   * container, on every host), the whole set about once a second until `signal` aborts. A stream
   * per container: only while a screen shows them.
   */
  followStats?(service: Service, onStats: (stats: InstanceFigures[]) => void, signal: AbortSignal): void;
}
