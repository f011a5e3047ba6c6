// What a service provider (process supervisor, Docker) can do. A capability that a provider
// lacks is simply absent: external services have no controller at all.
import type { Service } from '../domain/profile/profile-model.js';
import type { CheckResult, RunState } from '../domain/health/health-model.js';

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

export interface ServiceController {
  runState(service: Service): Promise<RunState>;
  /** Optional richer view of `runState`. */
  status?(service: Service): Promise<ServiceStatus>;
  start(service: Service, signal?: AbortSignal): Promise<void>;
  /** Stop gracefully (SIGTERM / docker stop), forcing after the service's grace period. */
  stop(service: Service, signal?: AbortSignal): Promise<void>;
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
}
