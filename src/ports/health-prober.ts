// Runs one health check. Implementations never throw: failures come back as ok=false results.
import type { HealthCheckSpec } from '../domain/profile/profile-model.js';
import type { CheckResult } from '../domain/health/health-model.js';

export interface HealthProber {
  /** `check` has its templates already expanded for the environment. */
  probe(check: HealthCheckSpec, signal: AbortSignal): Promise<CheckResult>;
}
