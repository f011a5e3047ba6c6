// The parts a console session runs per environment: the health monitor and the lifecycle over
// the providers' controllers. Injected so a session can be built over other parts in tests.
import type { Environment, Profile, Service } from '../domain/profile/profile-model.js';
import type { HealthStore } from '../state/health-store.js';
import type { ServiceAction } from './console-session-types.js';

export interface SessionRuntime {
  /** What the service's provider supports. */
  actionsFor(service: Service): ServiceAction[];
  isRunning(service: Service): Promise<boolean>;
  /** Runs a lifecycle action (dependency order, waits for health after starts). */
  run(action: ServiceAction, service: Service, signal: AbortSignal, progress: (message: string) => void): Promise<void>;
  startAll(services: Service[], progress: (message: string) => void): Promise<void>;
  /** Stops the monitor and releases timers, sockets and children it holds. */
  close(): Promise<void>;
}

export interface SessionDeps {
  open(args: { profile: Profile; environment: Environment; health: HealthStore; env: NodeJS.ProcessEnv }): SessionRuntime;
}

/** Until the monitor and lifecycle are wired: no monitoring, no actions. */
export const defaultSessionDeps: SessionDeps = {
  open: () => ({
    actionsFor: () => [],
    isRunning: async () => false,
    run: async () => {
      throw new Error('lifecycle not available');
    },
    startAll: async () => {},
    close: async () => {},
  }),
};
