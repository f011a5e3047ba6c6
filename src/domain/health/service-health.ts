// Every service's health at one moment, from its latest check results and run state, with the
// dependency hints that need the whole picture. Pure: the monitor calls it on every flush.
import type { Service } from '../profile/profile-model.js';
import type { ServiceInstance } from '../fleet/service-instance.js';
import { dependencyHints, deriveState, type CheckResult, type HealthState, type RunState, type ServiceHealth } from './health-model.js';

/**
 * `results[name][i]` is the latest result of check i of that service (undefined: not run yet);
 * `runs[name]` its run state (absent: unknown).
 */
export function serviceHealthOf(
  services: readonly Service[],
  results: ReadonlyMap<string, readonly (CheckResult | undefined)[]>,
  runs: ReadonlyMap<string, RunState>,
  /** Instances by service, from providers that report them. */
  instances: ReadonlyMap<string, readonly ServiceInstance[]> = new Map(),
): Record<string, ServiceHealth> {
  const states: Record<string, HealthState> = {};
  const checks: Record<string, CheckResult[]> = {};
  for (const s of services) {
    checks[s.name] = (results.get(s.name) ?? []).filter((r): r is CheckResult => r !== undefined);
    // A provider's own check (a container's HEALTHCHECK) may come on top of the declared ones.
    states[s.name] = deriveState(runs.get(s.name) ?? 'unknown', checks[s.name]!, Math.max(s.health.length, (results.get(s.name) ?? []).length));
  }
  const hints = dependencyHints(states, Object.fromEntries(services.map((s) => [s.name, s.dependsOn])));
  const out: Record<string, ServiceHealth> = {};
  for (const s of services) {
    const done = checks[s.name]!;
    const primary = primaryCheck(s);
    const inst = instances.get(s.name);
    out[s.name] = {
      service: s.name,
      state: states[s.name]!,
      run: runs.get(s.name) ?? 'unknown',
      checks: done,
      latencyMs: primary === undefined ? undefined : results.get(s.name)?.[primary]?.latencyMs,
      lastCheckAt: done.reduce<number | undefined>((m, r) => (m === undefined || r.at > m ? r.at : m), undefined),
      blockedBy: hints[s.name]?.blockedBy ?? [],
      rootCause: hints[s.name]?.rootCause,
      ...(inst ? { instances: [...inst] } : {}),
    };
  }
  return out;
}

/** Index of the check whose latency the table shows: the first http/tcp check, else the first. */
export function primaryCheck(service: Pick<Service, 'health'>): number | undefined {
  if (service.health.length === 0) return undefined;
  const i = service.health.findIndex((c) => c.kind === 'http' || c.kind === 'tcp');
  return i === -1 ? 0 : i;
}
