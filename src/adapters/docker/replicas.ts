// A docker service as the operator sees it: one container, or the replicas of a compose service
// folded into one run state, one verdict ("2/3 running") and one line of detail. Pure.
import type { RunState } from '../../domain/health/health-model.js';
import { formatDuration } from '../../domain/duration.js';
import { describeProblem, type ContainerStatus } from './container-state.js';

/** Running when any replica runs (the check says how many do), else the first one's state. */
export function replicasRunState(replicas: readonly ContainerStatus[]): RunState {
  if (replicas.length === 0) return 'unknown';
  if (replicas.some((c) => c.runState === 'running')) return 'running';
  if (replicas.some((c) => c.runState === 'starting')) return 'starting';
  return replicas[0]!.runState;
}

/** "2/3 running" for replicas; undefined for a single container. */
export function replicaCount(replicas: readonly ContainerStatus[]): string | undefined {
  if (replicas.length < 2) return undefined;
  return `${replicas.filter((c) => c.runState === 'running').length}/${replicas.length} running`;
}

/** What is wrong, or undefined when every replica runs and passes its HEALTHCHECK. */
export function replicasProblem(replicas: readonly ContainerStatus[]): string | undefined {
  if (replicas.length === 1) return describeProblem(replicas[0]!);
  const bad = replicas.map((c) => [c, describeProblem(c)] as const).filter(([, p]) => p !== undefined);
  if (bad.length === 0) return undefined;
  return `${replicaCount(replicas)}${bad.some(([c]) => c.runState === 'running') ? ` (${replicas.length - bad.length}/${replicas.length} healthy)` : ''}: ${bad.map(([c, p]) => `${c.name} ${p}`).join('; ')}`;
}

/** "container web-1 (0123456789ab) running, up 3m, 2 restarts, healthy". */
export function containerDetail(c: ContainerStatus, now = Date.now()): string {
  const code = c.exitCode === undefined ? '' : ` (code ${c.exitCode})`;
  const started = c.startedAt ? Date.parse(c.startedAt) : NaN;
  const up = c.runState === 'running' && Number.isFinite(started) && started > 0 ? `, up ${formatDuration(Math.max(0, now - started))}` : '';
  const restarts = c.restartCount ? `, ${c.restartCount} restart${c.restartCount === 1 ? '' : 's'}` : '';
  const health = c.health ? `, ${c.health}` : '';
  return `container ${c.name} (${c.id.slice(0, 12)}) ${c.status}${code}${up}${restarts}${health}`;
}

export function replicasDetail(replicas: readonly ContainerStatus[], now = Date.now()): string {
  if (replicas.length === 1) return containerDetail(replicas[0]!, now);
  return `${replicaCount(replicas)}: ${replicas.map((c) => `${c.name} ${c.status}${c.health ? ` ${c.health}` : ''}`).join(', ')}`;
}
