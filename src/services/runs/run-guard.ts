// Guards: the health of a runbook's `guard` services when the run starts is the baseline; at each
// step boundary a service that got worse (healthy → degraded/unhealthy/stopped…) is a regression
// and the runner pauses to offer stop / rollback / continue.
import { STATE_SEVERITY, type HealthState } from '../../domain/health/health-model.js';

export type HealthOf = (names: readonly string[]) => Promise<Record<string, string>>;

/** A guardCheck for RunnerDeps; undefined when the runbook guards nothing. */
export async function createGuardCheck(guard: readonly string[], healthOf: HealthOf): Promise<(() => Promise<Record<string, string> | undefined>) | undefined> {
  if (guard.length === 0) return undefined;
  const baseline = await healthOf(guard);
  return async () => {
    const now = await healthOf(guard);
    const worse = Object.entries(now).filter(([svc, state]) => severity(state) > severity(baseline[svc]));
    if (worse.length === 0) return undefined;
    // Once reported (and continued past), the new state is the baseline: no question at every step.
    const report = Object.fromEntries(worse.map(([svc, state]) => [svc, `${baseline[svc] ?? 'unknown'} -> ${state}`]));
    for (const [svc, state] of worse) baseline[svc] = state;
    return report;
  };
}

function severity(state: string | undefined): number {
  return STATE_SEVERITY[(state ?? 'unknown') as HealthState] ?? 1;
}
