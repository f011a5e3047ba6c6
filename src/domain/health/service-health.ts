// Every service's health at one moment, from its latest check results and run state, with the
// dependency hints that need the whole picture; and the same brought up to date from the last
// one, recomputing only what changed (what the monitor does on each flush). Pure.
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
  const out: Record<string, ServiceHealth> = {};
  for (const s of services) out[s.name] = ownHealth(s, results, runs, instances);
  const hints = hintsOf(out, services);
  for (const s of services) out[s.name] = { ...out[s.name]!, blockedBy: hints[s.name]?.blockedBy ?? [], rootCause: hints[s.name]?.rootCause };
  return out;
}

/**
 * What serviceHealthOf would give now, recomputing only the services in `dirty` (their results,
 * run state or instances changed since `prev`); the dependency hints of all are recomputed only
 * when a state changed. `changed` holds the entries that differ from `prev` (new objects), so a
 * 1,000-service monitor's flush costs what changed, not the whole profile.
 */
export function updatedServiceHealth(
  prev: Readonly<Record<string, ServiceHealth>>,
  services: readonly Service[],
  results: ReadonlyMap<string, readonly (CheckResult | undefined)[]>,
  runs: ReadonlyMap<string, RunState>,
  dirty: ReadonlySet<string>,
  instances: ReadonlyMap<string, readonly ServiceInstance[]> = new Map(),
): { all: Record<string, ServiceHealth>; changed: Record<string, ServiceHealth> } {
  const all: Record<string, ServiceHealth> = { ...prev };
  const changed: Record<string, ServiceHealth> = {};
  let stateChanged = false;
  for (const s of services) {
    if (!dirty.has(s.name) && prev[s.name]) continue;
    const before = prev[s.name];
    const own = ownHealth(s, results, runs, instances);
    if (own.state !== before?.state) stateChanged = true;
    all[s.name] = changed[s.name] = { ...own, blockedBy: before?.blockedBy ?? [], rootCause: before?.rootCause };
  }
  if (!stateChanged) return { all, changed };
  const hints = hintsOf(all, services);
  for (const s of services) {
    const before = all[s.name]!;
    const blockedBy = hints[s.name]?.blockedBy ?? [];
    const rootCause = hints[s.name]?.rootCause;
    if (before.rootCause === rootCause && before.blockedBy.join('\n') === blockedBy.join('\n')) continue;
    all[s.name] = changed[s.name] = { ...before, blockedBy, rootCause };
  }
  return { all, changed };
}

/** A service's health from its own results, run state and instances, without the dependency hints. */
function ownHealth(
  s: Service,
  results: ReadonlyMap<string, readonly (CheckResult | undefined)[]>,
  runs: ReadonlyMap<string, RunState>,
  instances: ReadonlyMap<string, readonly ServiceInstance[]>,
): ServiceHealth {
  const latest = results.get(s.name) ?? [];
  const done = latest.filter((r): r is CheckResult => r !== undefined);
  const primary = primaryCheck(s);
  const run = runs.get(s.name) ?? 'unknown';
  const inst = instances.get(s.name);
  // No container of it exists anywhere (removed, never created): it is down, whatever else
  // passes (a command check that does not look at it, another process on its port): never
  // "degraded", which reads as up but slow.
  const missing = inst !== undefined && inst.length > 0 && inst.every((i) => i.status === 'missing');
  return {
    service: s.name,
    // A provider's own check (a container's HEALTHCHECK) may come on top of the declared ones.
    state: missing ? 'unhealthy' : deriveState(run, done, Math.max(s.health.length, latest.length)),
    run,
    checks: done,
    latencyMs: primary === undefined ? undefined : latest[primary]?.latencyMs,
    lastCheckAt: done.reduce<number | undefined>((m, r) => (m === undefined || r.at > m ? r.at : m), undefined),
    blockedBy: [],
    rootCause: undefined,
    ...(inst ? { instances: [...inst] } : {}),
  };
}

/** The dependency hints, which need every service's state. */
function hintsOf(health: Readonly<Record<string, ServiceHealth>>, services: readonly Service[]): ReturnType<typeof dependencyHints> {
  const states: Record<string, HealthState> = {};
  for (const s of services) states[s.name] = health[s.name]!.state;
  return dependencyHints(states, Object.fromEntries(services.map((s) => [s.name, s.dependsOn])));
}

/** Index of the check whose latency the table shows: the first http/tcp check, else the first. */
export function primaryCheck(service: Pick<Service, 'health'>): number | undefined {
  if (service.health.length === 0) return undefined;
  const i = service.health.findIndex((c) => c.kind === 'http' || c.kind === 'tcp');
  return i === -1 ? 0 : i;
}
