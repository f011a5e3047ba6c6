// ServiceActions for runbook steps, built on the lifecycle (dependency order, health wait after
// each start; wired by lifecycle-deps.ts) and one health monitor (on-demand rechecks, not
// started: no background polling) that also answers wait_healthy and the health evidence.
import { StepFailedError } from '../../domain/errors.js';
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import type { LifecycleResult } from '../../domain/lifecycle/lifecycle-events.js';
import type { ServiceActions } from '../../ports/service-actions.js';
import { ProcessSupervisor } from '../../adapters/process/process-supervisor.js';
import type { HealthMonitor, ServiceControllers } from '../health/health-monitor.js';
import { createHealthMonitor } from '../health/create-health-monitor.js';
import { lifecycleDeps } from '../lifecycle/lifecycle-deps.js';
import { startServices, stopServices, restartServices } from '../lifecycle/lifecycle.js';

export interface RunbookServices {
  actions: ServiceActions;
  /** Current health state by service (rechecked now), for evidence in the journal. */
  healthOf(names: readonly string[]): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export interface RunbookServicesOptions {
  stateDir?: string;
  /** Extra controllers (e.g. docker) by provider kind; process services use the supervisor. */
  controllers?: ServiceControllers;
  /** A monitor already running for this environment (the TUI's); otherwise one is made here. */
  monitor?: HealthMonitor;
  /** opsdeck's own environment, where services' inherit_env names come from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export function createRunbookServices(profile: Profile, environment: Environment, options: RunbookServicesOptions = {}): RunbookServices {
  const controllers: ServiceControllers = { process: new ProcessSupervisor(profile, environment, { stateDir: options.stateDir, env: options.env }), ...options.controllers };
  const own = options.monitor ? undefined : createHealthMonitor({ profile, environment, controllers, stateEnv: options.env });
  const monitor = options.monitor ?? own!;
  const deps = lifecycleDeps({ profile, environment, stateDir: options.stateDir, controllers, monitor, env: options.env });
  const opts = (signal?: AbortSignal) => ({ ...deps.options, signal });
  const check = (r: LifecycleResult): void => {
    if (r.ok) return;
    const bad = r.outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'skipped');
    throw new StepFailedError(`${r.action} failed: ${bad.map((o) => `${o.service}: ${o.message ?? o.outcome}`).join('; ')}`);
  };
  return {
    actions: {
      start: async (names, signal) => check(await startServices(names, opts(signal))),
      stop: async (names, signal) => check(await stopServices(names, opts(signal))),
      restart: async (names, signal) => check(await restartServices(names, opts(signal))),
      waitHealthy: async (names, timeoutMs, signal) => void (await monitor.waitHealthy(names, timeoutMs, signal)),
    },
    async healthOf(names) {
      const out: Record<string, string> = {};
      for (const n of names) out[n] = (await monitor.recheck(n)).state;
      return out;
    },
    close: async () => {
      await deps.close();
      await own?.stop();
    },
  };
}
