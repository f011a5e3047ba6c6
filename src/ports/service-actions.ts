// What a runbook's `service` and `wait_healthy` steps need from the lifecycle and health code.
// Implementations throw a typed error (StepFailedError) with a clear message on failure.

export interface ServiceActions {
  /** Starts in dependency order, waiting for health after each start. */
  start(names: readonly string[], signal?: AbortSignal): Promise<void>;
  /** Stops in reverse dependency order. */
  stop(names: readonly string[], signal?: AbortSignal): Promise<void>;
  restart(names: readonly string[], signal?: AbortSignal): Promise<void>;
  /** Resolves when all are healthy; rejects (StepFailedError naming the unhealthy ones) after timeoutMs. */
  waitHealthy(names: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<void>;
}
