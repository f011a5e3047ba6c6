// What a service provider (process supervisor, Docker) can do. A capability that a provider
// lacks is simply absent: external services have no controller at all.
import type { Service } from '../domain/profile/profile-model.js';
import type { RunState } from '../domain/health/health-model.js';

export interface ServiceController {
  runState(service: Service): Promise<RunState>;
  start(service: Service, signal?: AbortSignal): Promise<void>;
  /** Stop gracefully (SIGTERM / docker stop), forcing after the service's grace period. */
  stop(service: Service, signal?: AbortSignal): Promise<void>;
}
