// Health of checks and services, and how a service's health is derived from its checks.

export type HealthState = 'healthy' | 'degraded' | 'unhealthy' | 'stopped' | 'unknown';

/** The outcome of one run of one check. */
export interface CheckResult {
  check: string;
  ok: boolean;
  /** Passed, but slower than max_latency: counts toward degraded. */
  slow?: boolean;
  latencyMs: number;
  at: number;
  /** Short reason on failure: "timeout after 2s", "status 503 (expected 200)", ... */
  error?: string;
}

/** Lifecycle state as the provider (process supervisor, Docker) reports it. */
export type RunState = 'running' | 'starting' | 'stopping' | 'stopped' | 'exited' | 'unknown';

export interface ServiceHealth {
  service: string;
  state: HealthState;
  run: RunState;
  /** Latest result per check, in declaration order. */
  checks: CheckResult[];
  /** Latency of the primary check (first http/tcp), for the table and sparkline. */
  latencyMs?: number;
  lastCheckAt?: number;
  /** Names of dependencies that are not healthy: the likely root cause. */
  blockedBy: string[];
  /** The deepest unhealthy dependency, when the chain is longer than one. */
  rootCause?: string;
}

/** Service health from its run state and latest check results. */
export function deriveState(run: RunState, checks: readonly CheckResult[], expected: number): HealthState {
  if (run === 'stopped' || run === 'exited') return 'stopped';
  if (expected === 0) return run === 'running' ? 'healthy' : 'unknown';
  if (checks.length === 0) return 'unknown';
  const failed = checks.filter((c) => !c.ok).length;
  if (failed === 0) return checks.some((c) => c.slow) ? 'degraded' : 'healthy';
  if (failed === checks.length) return 'unhealthy';
  return 'degraded';
}

const BAD: readonly HealthState[] = ['unhealthy', 'stopped'];

/**
 * For each service, the dependencies that are unhealthy or stopped, and the deepest one in
 * the chain (the one with no bad dependency of its own).
 */
export function dependencyHints(
  states: Readonly<Record<string, HealthState>>,
  deps: Readonly<Record<string, readonly string[]>>,
): Record<string, { blockedBy: string[]; rootCause?: string }> {
  const out: Record<string, { blockedBy: string[]; rootCause?: string }> = {};
  const root = (name: string, seen: Set<string>): string | undefined => {
    if (seen.has(name)) return undefined;
    seen.add(name);
    for (const d of deps[name] ?? []) {
      if (BAD.includes(states[d] ?? 'unknown')) return root(d, seen) ?? d;
    }
    return undefined;
  };
  for (const name of Object.keys(deps)) {
    const blockedBy = (deps[name] ?? []).filter((d) => BAD.includes(states[d] ?? 'unknown'));
    const cause = blockedBy.length ? root(name, new Set()) : undefined;
    out[name] = { blockedBy, rootCause: cause };
  }
  return out;
}

/** Worst first: used for sorting and for the overall exit code. */
export const STATE_SEVERITY: Record<HealthState, number> = { unhealthy: 4, stopped: 3, degraded: 2, unknown: 1, healthy: 0 };
