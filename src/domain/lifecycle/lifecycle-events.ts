// What a start/stop/restart reports as it goes, and the one-line text the CLI and the TUI show
// for each event. Pure: the lifecycle service emits these, screens only render them.

import { describeInstanceReports, restartReports, type InstanceActionReport } from '../fleet/instance-actions.js';

export type LifecycleAction = 'start' | 'stop' | 'restart';

export type LifecycleEvent =
  | { kind: 'starting'; service: string; /** pulled in as a dependency of a named service */ dependency?: boolean }
  | { kind: 'already-running'; service: string }
  | { kind: 'waiting-health'; service: string; timeoutMs: number }
  | { kind: 'healthy'; service: string; ms: number; /** the service has no health checks: only its process was seen running */ unchecked?: boolean }
  | { kind: 'failed'; service: string; action: 'start' | 'stop'; message: string; /** the health check that failed, by name */ check?: string; logFile?: string }
  | { kind: 'skipped'; service: string; reason: string }
  | { kind: 'not-managed'; service: string; provider: string }
  | { kind: 'stopping'; service: string }
  | { kind: 'stopped'; service: string; ms: number }
  | { kind: 'already-stopped'; service: string };

export type OutcomeKind = 'started' | 'already-running' | 'stopped' | 'already-stopped' | 'failed' | 'skipped' | 'not-managed';

export interface LifecycleOutcome {
  service: string;
  outcome: OutcomeKind;
  message?: string;
  check?: string;
  ms?: number;
  /** What became of each instance of a service on several hosts (or replicas). */
  instances?: InstanceActionReport[];
}

export interface LifecycleResult {
  action: LifecycleAction;
  ok: boolean;
  /** In the order the services were handled. */
  outcomes: LifecycleOutcome[];
}

/**
 * "2 started, 1 running", or "nothing to do"; a service with instances is told per instance:
 * "web@web-1 restarted, web@web-2 failed: cannot reach Docker at ssh://web-2: ...".
 */
export function outcomeCounts(r: LifecycleResult): string {
  const counts = new Map<string, number>();
  const perService = new Map<string, LifecycleOutcome[]>();
  for (const o of r.outcomes) {
    if (o.instances?.length) perService.set(o.service, [...(perService.get(o.service) ?? []), o]);
    else counts.set(o.outcome, (counts.get(o.outcome) ?? 0) + 1);
  }
  const instances = [...perService.values()].map((outs) => {
    if (r.action !== 'restart') return describeInstanceReports(outs.flatMap((o) => o.instances!));
    // A restart's outcomes are every service's stop, then every service's start.
    const first = outs[0]!;
    const fromStop = outs.length === 2 || first.outcome === 'stopped' || first.instances!.some((i) => i.outcome === 'stopped' || i.outcome === 'already-stopped');
    return fromStop ? restartReports(first.instances!, outs[1]?.instances ?? []) : restartReports([], first.instances!);
  });
  return [...instances, ...[...counts].map(([k, n]) => `${n} ${k}`)].join(', ') || 'nothing to do';
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

export function describeEvent(e: LifecycleEvent): string {
  switch (e.kind) {
    case 'starting':
      return `starting ${e.service}${e.dependency ? ' (needed by what you asked for)' : ''}`;
    case 'already-running':
      return `${e.service} is already running`;
    case 'waiting-health':
      return `waiting for ${e.service} to be healthy (up to ${seconds(e.timeoutMs)})`;
    case 'healthy':
      return e.unchecked ? `${e.service} running after ${seconds(e.ms)} (no health checks)` : `${e.service} healthy in ${seconds(e.ms)}`;
    case 'failed':
      return `${e.service} failed to ${e.action}: ${e.message}${e.logFile ? ` (its output: ${e.logFile})` : ''}`;
    case 'skipped':
      return `${e.service} skipped: ${e.reason}`;
    case 'not-managed':
      return `${e.service} is not managed by opsdeck (${e.provider}): skipped`;
    case 'stopping':
      return `stopping ${e.service}`;
    case 'stopped':
      return `${e.service} stopped in ${seconds(e.ms)}`;
    case 'already-stopped':
      return `${e.service} is not running`;
  }
}
