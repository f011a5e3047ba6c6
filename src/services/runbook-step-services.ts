// ServiceActions for the `service` and `wait_healthy` steps of a run started from the console:
// the lifecycle (dependency order, health wait after each start) over the process supervisor,
// with its own health monitor rechecking on demand. Same shape as the headless runner's.
import { StepFailedError } from '../domain/errors.js';
import type { Environment, Profile } from '../domain/profile/profile-model.js';
import type { LifecycleResult } from '../domain/lifecycle/lifecycle-events.js';
import type { ServiceActions } from '../ports/service-actions.js';
import { HealthMonitor } from './health-monitor.js';
import { lifecycleDeps } from './lifecycle-deps.js';
import { restartServices, startServices, stopServices } from './lifecycle.js';
import { createProber } from '../adapters/health/composite-prober.js';

export interface StepServices {
  actions: ServiceActions;
  healthOf(names: readonly string[]): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export function createStepServices(profile: Profile, environment: Environment, stateDir: string): StepServices {
  const deps = lifecycleDeps({ profile, environment, stateDir });
  const monitor = new HealthMonitor({ profile, environment, prober: createProber({ baseDir: profile.baseDir }), controllers: deps.controllers });
  const check = (r: LifecycleResult): void => {
    if (r.ok) return;
    const bad = r.outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'skipped');
    throw new StepFailedError(`${r.action} failed: ${bad.map((o) => `${o.service}: ${o.message ?? o.outcome}`).join('; ')}`);
  };
  const opts = (signal?: AbortSignal) => ({ ...deps.options, signal });
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
      await monitor.stop();
      await deps.close();
    },
  };
}
