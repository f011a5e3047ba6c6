// The parts a console session runs per environment: the health monitor writing the session's
// store, and the lifecycle over the providers' controllers. Injected so a session can be built
// over other parts in tests.
import { dockerControllerFor } from '../../adapters/docker/lazy-docker-controller.js';
import type { Environment, Profile, Service } from '../../domain/profile/profile-model.js';
import { describeEvent, outcomeCounts } from '../../domain/lifecycle/lifecycle-events.js';
import type { HealthStore } from '../../state/health-store.js';
import { ProcessSupervisor } from '../../adapters/process/process-supervisor.js';
import { stateDir } from '../../adapters/fs/state-dir.js';
import type { ServiceControllers } from '../health/health-monitor.js';
import { createHealthMonitor } from '../health/create-health-monitor.js';
import { lifecycleDeps } from '../lifecycle/lifecycle-deps.js';
import { runLifecycleAction } from '../lifecycle/lifecycle.js';
import { guardLifecycle } from '../lifecycle/lifecycle-guard.js';
import { StepFailedError } from '../../domain/errors.js';
import type { ServiceAction } from './console-session-types.js';
import type { ServiceStatus } from '../../ports/service-controller.js';
import type { StartStats } from './stats-follows.js';

export interface SessionRuntime {
  /** What the service's provider supports. */
  actionsFor(service: Service): ServiceAction[];
  isRunning(service: Service): Promise<boolean>;
  status(service: Service): Promise<ServiceStatus | undefined>;
  /** The provider's stats stream for the service (see ServiceController.followStats). */
  followStats?(service: Service, ...args: Parameters<StartStats>): ReturnType<StartStats>;
  /** Runs a lifecycle action (dependency order, waits for health after starts); throws on failure. */
  /** `confirmation`: what the policy asked and the operator answered, for the audit log. */
  /** Resolves with what became of each instance ("web@web-1 restarted, ...") for a service that has several. */
  run(action: ServiceAction, service: Service, signal: AbortSignal, progress: (message: string) => void, confirmation?: string): Promise<string | undefined | void>;
  startAll(services: Service[], progress: (message: string) => void): Promise<void>;
  /** Stops the monitor and releases the timers and sockets it holds. */
  close(): Promise<void>;
}

export interface SessionDeps {
  open(args: { profile: Profile; environment: Environment; health: HealthStore; env: NodeJS.ProcessEnv }): SessionRuntime;
}

const ALL_ACTIONS: ServiceAction[] = ['start', 'stop', 'restart'];

export interface RealSessionDepsOptions {
  /**
   * Controllers for other providers, per environment (e.g. `docker: createDockerController(env)`
   * once the Docker provider is merged). A service whose provider has no controller offers no
   * actions. @default Docker services get the Docker controller; process services the supervisor
   */
  controllers?: (environment: Environment) => ServiceControllers;
}

/** The real parts: process supervisor, live health monitor, lifecycle waiting on that monitor. */
export function createRealSessionDeps(options: RealSessionDepsOptions = {}): SessionDeps {
  return { open: (args) => openRuntime(args, options) };
}

export const defaultSessionDeps: SessionDeps = createRealSessionDeps();

/** Docker services get the Docker controller (loaded on first use). */
function defaultControllers(profile: Profile): (environment: Environment) => ServiceControllers {
  return (environment) => dockerControllerFor(Object.values(profile.services), environment);
}

function openRuntime({ profile, environment, health, env }: Parameters<SessionDeps['open']>[0], options: RealSessionDepsOptions): SessionRuntime {
  const supervisor = new ProcessSupervisor(profile, environment, { stateDir: stateDir(env), env });
  const controllers: ServiceControllers = { ...(options.controllers ?? defaultControllers(profile))(environment), process: supervisor };
  const monitor = createHealthMonitor({ profile, environment, controllers, store: health, stateEnv: env });
  // A task later: the console opens its session while drawing its first frame, and starting a
  // 1,000-check profile (the first 64 connections, a timer per check) held that frame up.
  // stop() before then means it never starts.
  setImmediate(() => monitor.start());
  const lifecycle = lifecycleDeps({ profile, environment, controllers, monitor, stateDir: stateDir(env), env });
  const controllerFor = (s: Service) => (s.provider.kind === 'external' ? undefined : controllers[s.provider.kind]);
  const run = async (action: ServiceAction, names: string[], signal: AbortSignal | undefined, progress: (m: string) => void, confirmation: string) => {
    // The audit records what the session's policy question asked and what came back.
    const guarded = { action, services: names, profile, environment, confirmation, env };
    const result = await guardLifecycle(guarded, () => runLifecycleAction(action, names, { ...lifecycle.options, signal, onEvent: (e) => progress(describeEvent(e)) }));
    // A service on several hosts is told per instance, the failing host by name.
    const perInstance = result.outcomes.some((o) => o.instances?.length) ? outcomeCounts(result) : undefined;
    if (!result.ok) {
      const failed = result.outcomes.find((o) => o.outcome === 'failed' || o.outcome === 'skipped');
      throw new StepFailedError(perInstance ?? (failed?.message ? `${failed.service}: ${failed.message}` : `${action} did not complete`));
    }
    return perInstance;
  };
  return {
    actionsFor: (s) => (controllerFor(s) ? ALL_ACTIONS : []),
    isRunning: async (s) => (await controllerFor(s)?.runState(s)) === 'running',
    status: async (s) => {
      const c = controllerFor(s);
      if (!c) return undefined;
      return c.status ? c.status(s) : { run: await c.runState(s) };
    },
    followStats: (s, onStats, signal) => {
      const c = controllerFor(s);
      if (!c?.followStats) return false;
      c.followStats(s, onStats, signal);
      return true;
    },
    run: (action, service, signal, progress, confirmation) => run(action, [service.name], signal, progress, confirmation ?? 'not recorded'),
    // The demo's own start of its services when the console opens (never in a protected environment).
    startAll: async (services, progress) => void await run('start', services.map((s) => s.name), undefined, progress, 'nothing asked (the demo starts its services)'),
    close: async () => {
      await monitor.stop();
      await lifecycle.close();
    },
  };
}
