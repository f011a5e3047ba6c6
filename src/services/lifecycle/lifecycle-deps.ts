// Wires the lifecycle for one profile + environment: the process supervisor as the controller
// of `process` services, a health monitor (not started: it re-checks on demand) to wait for
// health. The CLI and the runbook runner use this; the TUI can pass its own running monitor.
import type { Environment, Profile, Service } from '../../domain/profile/profile-model.js';
import type { ServiceController } from '../../ports/service-controller.js';
import { ProcessSupervisor } from '../../adapters/process/process-supervisor.js';
import type { ServiceControllers } from '../health/health-monitor.js';
import { createHealthMonitor } from '../health/create-health-monitor.js';
import { monitorWaitHealthy, type HealthWaiter, type LifecycleOptions } from './lifecycle.js';
import type { LifecycleEvent } from '../../domain/lifecycle/lifecycle-events.js';

export interface LifecycleDepsOptions {
  profile: Profile;
  environment: Environment;
  /** Extra controllers by provider kind (e.g. docker); `process` defaults to a ProcessSupervisor. */
  controllers?: ServiceControllers;
  /** A monitor already running for this environment; otherwise one is made (and closed by close()). */
  monitor?: HealthWaiter;
  stateDir?: string;
  /** opsdeck's own environment, where inherit_env names come from. @default process.env */
  env?: NodeJS.ProcessEnv;
  onEvent?: (event: LifecycleEvent) => void;
  signal?: AbortSignal;
}

export interface LifecycleDeps {
  options: LifecycleOptions;
  supervisor: ProcessSupervisor;
  controllers: ServiceControllers;
  /** Releases the monitor made here (sockets). */
  close(): Promise<void>;
}

export function lifecycleDeps(o: LifecycleDepsOptions): LifecycleDeps {
  const supervisor = new ProcessSupervisor(o.profile, o.environment, { stateDir: o.stateDir, env: o.env });
  const controllers: ServiceControllers = { process: supervisor, ...o.controllers };
  // The incidents its health goes to live in the same state dir as the services' pid files.
  const stateEnv = o.stateDir ? { ...(o.env ?? process.env), OPSDECK_STATE_DIR: o.stateDir } : o.env;
  const own = o.monitor ? undefined : createHealthMonitor({ profile: o.profile, environment: o.environment, controllers, stateEnv });
  const controllerFor = (s: Service): ServiceController | undefined => (s.provider.kind === 'external' ? undefined : controllers[s.provider.kind]);
  return {
    supervisor,
    controllers,
    options: { profile: o.profile, controllerFor, waitHealthy: monitorWaitHealthy(o.monitor ?? own!), onEvent: o.onEvent, signal: o.signal },
    close: async () => {
      await own?.stop();
    },
  };
}
