// ServiceActions for runbook steps, built on the lifecycle (dependency order, health wait after
// each start) and the health monitor (on-demand rechecks; not started: no background polling).
import { StepFailedError, errorMessage } from '../domain/errors.js';
import type { Environment, Profile, Service } from '../domain/profile/profile-model.js';
import type { LifecycleResult } from '../domain/lifecycle/lifecycle-events.js';
import type { ServiceActions } from '../ports/service-actions.js';
import type { ServiceController } from '../ports/service-controller.js';
import { ProcessSupervisor } from '../adapters/process/process-supervisor.js';
import { createProber } from '../adapters/health/composite-prober.js';
import { HealthMonitor, type ServiceControllers } from './health-monitor.js';
import { startServices, stopServices, restartServices, type LifecycleOptions } from './lifecycle.js';

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
}

export function createRunbookServices(profile: Profile, environment: Environment, options: RunbookServicesOptions = {}): RunbookServices {
  const supervisor = new ProcessSupervisor(profile, environment, { stateDir: options.stateDir });
  const controllers: ServiceControllers = { process: supervisor, ...options.controllers };
  const monitor = new HealthMonitor({ profile, environment, prober: createProber({ baseDir: profile.baseDir }), controllers });
  const controllerFor = (s: Service): ServiceController | undefined => (s.provider.kind === 'external' ? undefined : controllers[s.provider.kind]);
  const lifecycle = (signal?: AbortSignal): LifecycleOptions => ({
    profile,
    controllerFor,
    signal,
    waitHealthy: async (service, o) => {
      try {
        await monitor.waitHealthy([service.name], o.timeoutMs, o.signal);
        return { healthy: true };
      } catch (e) {
        return { healthy: false, failedCheck: (e as { check?: string }).check, error: errorMessage(e) };
      }
    },
  });
  const check = (r: LifecycleResult): void => {
    if (r.ok) return;
    const bad = r.outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'skipped');
    throw new StepFailedError(`${r.action} failed: ${bad.map((o) => `${o.service}: ${o.message ?? o.outcome}`).join('; ')}`);
  };
  return {
    actions: {
      start: async (names, signal) => check(await startServices(names, lifecycle(signal))),
      stop: async (names, signal) => check(await stopServices(names, lifecycle(signal))),
      restart: async (names, signal) => check(await restartServices(names, lifecycle(signal))),
      waitHealthy: async (names, timeoutMs, signal) => void (await monitor.waitHealthy(names, timeoutMs, signal)),
    },
    async healthOf(names) {
      const out: Record<string, string> = {};
      for (const n of names) out[n] = (await monitor.recheck(n)).state;
      return out;
    },
    close: () => monitor.stop(),
  };
}
