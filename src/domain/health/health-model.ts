// Health of checks and services, and how a service's health is derived from its checks.
import type { ServiceInstance } from '../fleet/service-instance.js';

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
  /** Failed on some of the service's instances only, others pass: counts toward degraded. */
  partial?: boolean;
  /**
   * The provider could not be asked at all (Docker: no engine of the service answered): what
   * the service really does is not known; screens say "engine unreachable".
   */
  unreachable?: boolean;
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
  /** Its instances (Docker: a container per host or replica), when the provider reports them. */
  instances?: ServiceInstance[];
  /** Names of dependencies that are not healthy: the likely root cause. */
  blockedBy: string[];
  /** The deepest unhealthy dependency, when the chain is longer than one. */
  rootCause?: string;
}

/**
 * Service health from its run state and latest check results.
 * - stopped/exited → stopped, whatever the checks say (a stale pass must not read as healthy);
 * - no checks declared → healthy when running, otherwise unknown (nothing to judge by);
 * - no results yet → unknown; while starting, failures are not yet unhealthy → unknown;
 * - all pass → healthy (degraded if one is slow); some fail → degraded; all fail → unhealthy,
 *   unless a failure holds for only some of the service's instances (`partial`): degraded.
 * `expected` is the number of declared checks; results for checks not run yet are simply absent.
 */
export function deriveState(run: RunState, checks: readonly CheckResult[], expected: number): HealthState {
  if (run === 'stopped' || run === 'exited') return 'stopped';
  if (expected === 0) return run === 'running' ? 'healthy' : 'unknown';
  if (checks.length === 0) return 'unknown';
  const failed = checks.filter((c) => !c.ok).length;
  if (failed === 0) return checks.some((c) => c.slow) ? 'degraded' : 'healthy';
  if (run === 'starting') return 'unknown';
  if (failed === checks.length && !checks.some((c) => c.partial)) return 'unhealthy';
  return 'degraded';
}

/** Every check ran and passed (slow passes count): what waiting for health waits for. */
export function isPassing(h: Pick<ServiceHealth, 'state' | 'checks'>, expected: number): boolean {
  if (h.state !== 'healthy' && h.state !== 'degraded') return false;
  return h.checks.length >= expected && h.checks.every((c) => c.ok);
}

const BAD: readonly HealthState[] = ['unhealthy', 'stopped'];

/**
 * For each service, its direct dependencies that are unhealthy or stopped (`blockedBy`), and the
 * likely root cause: following bad dependencies down, the deepest bad service that has no bad
 * dependency of its own (ties: declaration order). Cycles cannot loop forever.
 */
export function dependencyHints(
  states: Readonly<Record<string, HealthState>>,
  deps: Readonly<Record<string, readonly string[]>>,
): Record<string, { blockedBy: string[]; rootCause?: string }> {
  const isBad = (name: string): boolean => BAD.includes(states[name] ?? 'unknown');
  // The deepest bad service reachable from `name` through bad dependencies, with its depth.
  // Memoized (linear in the graph); `visiting` breaks cycles, which validation rejects anyway.
  const memo = new Map<string, { name: string; depth: number }>();
  const visiting = new Set<string>();
  const deepest = (name: string): { name: string; depth: number } => {
    const known = memo.get(name);
    if (known) return known;
    visiting.add(name);
    let best = { name, depth: 0 };
    for (const d of deps[name] ?? []) {
      if (!isBad(d) || visiting.has(d)) continue;
      const below = deepest(d);
      if (below.depth + 1 > best.depth) best = { name: below.name, depth: below.depth + 1 };
    }
    visiting.delete(name);
    memo.set(name, best);
    return best;
  };
  const out: Record<string, { blockedBy: string[]; rootCause?: string }> = {};
  for (const name of Object.keys(deps)) {
    const blockedBy = (deps[name] ?? []).filter(isBad);
    const root = blockedBy.length ? deepest(name) : undefined;
    out[name] = root && root.depth > 0 ? { blockedBy, rootCause: root.name } : { blockedBy };
  }
  return out;
}

/** Worst first: used for sorting and for the overall exit code. */
export const STATE_SEVERITY: Record<HealthState, number> = { unhealthy: 4, stopped: 3, degraded: 2, unknown: 1, healthy: 0 };
