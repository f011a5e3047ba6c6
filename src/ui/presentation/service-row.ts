// One services-table row as plain cells: pure, so it is tested without Ink and the same text
// could feed a non-interactive renderer.
import type { HealthState, RunState, ServiceHealth } from '../../domain/health/health-model.js';
import type { Service } from '../../domain/profile/profile-model.js';
import type { Glyphs } from '../theme/theme.js';
import { fit, fitRight, formatCheckAge, formatLatencyCoarse } from './format.js';
import { completedBuckets } from './latency-buckets.js';
import type { HealthSample } from '../../state/health-store.js';
import { sparkline } from './sparkline.js';
import { instanceCount } from '../../domain/fleet/service-instance.js';
import { runWord } from '../../domain/health/status-report.js';

export interface ServiceRowCells {
  name: string;
  run: string;
  state: HealthState;
  health: string;
  latency: string;
  lastCheck: string;
  spark: string;
  hint: string;
}

/**
 * The dependency hint, root cause first (it survives truncation): "← db unhealthy", or
 * "← store stopped via api" when the unhealthy dependency is itself blocked further down.
 */
export function dependencyHint(health: ServiceHealth | undefined, all: Readonly<Record<string, ServiceHealth>>, arrow: string): string {
  if (!health || health.blockedBy.length === 0) return '';
  const first = health.blockedBy[0]!;
  const cause = health.rootCause ?? first;
  const text = `${arrow} ${cause} ${all[cause]?.state ?? 'unhealthy'}`;
  return cause === first || health.blockedBy.includes(cause) ? text : `${text} via ${first}`;
}

/** What the provider says when it cannot show the service at all: its engine is not answering, or its container is gone. */
export function providerHint(health: ServiceHealth | undefined): string {
  if (health?.checks.some((c) => c.unreachable && !c.ok)) return 'engine unreachable';
  const instances = health?.instances ?? [];
  if (instances.length > 0 && instances.every((i) => i.status === 'missing')) return 'no container (removed?)';
  return '';
}

/** The instances that are not fine, by name, when some of several are: "web@web-2 exited". */
export function badInstances(health: Pick<ServiceHealth, 'instances'> | undefined): string {
  const all = health?.instances ?? [];
  if (all.length < 2) return '';
  return all
    .filter((i) => i.problem !== undefined)
    .map((i) => `${i.name} ${i.run === 'running' && i.health ? i.health : i.status}`)
    .join(', ');
}

/** "running", or "1/2 running" for a service with several instances (hosts, replicas). */
export function runLabel(run: RunState | undefined, provider: Service['provider']['kind'], health?: Pick<ServiceHealth, 'instances'>): string {
  return (provider !== 'external' && health?.instances && instanceCount(health.instances)) || runWord(run, provider);
}

/** Services that may have several instances (on hosts, or a compose service's replicas). */
export function mayHaveInstances(service: Service): boolean {
  return service.on !== undefined || (service.provider.kind === 'docker' && service.provider.container === undefined);
}

export function serviceRowCells(
  service: Service,
  health: ServiceHealth | undefined,
  all: Readonly<Record<string, ServiceHealth>>,
  history: readonly HealthSample[],
  now: number,
  glyphs: Glyphs,
  sparkWidth: number,
  /** Where it runs ("web-1, web-2"), for services on hosts: shown when there is no dependency hint. */
  where?: string,
): ServiceRowCells {
  const state = health?.state ?? 'unknown';
  const buckets = completedBuckets(history, now);
  const lastLatency = buckets.findLast((b) => b !== undefined);
  return {
    name: service.name,
    run: runLabel(health?.run, service.provider.kind, health),
    state,
    health: `${glyphs.health[state]} ${state}`,
    // A failed or stopped service's "latency" is how long the failure took: not worth a column.
    // Latency and sparkline per completed 10 s bucket (median), coarse; ages in 10 s steps: a
    // row that shows the same thing keeps the same text, so the terminal gets no bytes for it,
    // and rows change together when a bucket completes (issue 10). The state is never delayed.
    latency: state === 'healthy' || state === 'degraded' ? formatLatencyCoarse(lastLatency ?? health?.latencyMs) : '-',
    lastCheck: formatCheckAge(health?.lastCheckAt, now),
    spark: sparkline(buckets, sparkWidth, glyphs),
    hint: dependencyHint(health, all, glyphs.arrowLeft) || providerHint(health) || badInstances(health) || (where ? `on ${where}` : ''),
  };
}

export interface TableLayout {
  name: number;
  run: number;
  health: number;
  latency: number;
  lastCheck: number;
  spark: number;
  hint: number;
}

/**
 * Column widths for a terminal `width` columns wide (2 columns go to the selection marker).
 * `wideRun`: some service has several instances, its state reads "1/2 running".
 */
export function tableLayout(width: number, longestName: number, wideRun = false): TableLayout {
  const fixed = { run: wideRun ? 11 : 8, health: 11, latency: 6, lastCheck: 5 };
  const name = Math.max(7, Math.min(18, longestName));
  const gaps = 7;
  const restAfterFixed = width - 2 - name - fixed.run - fixed.health - fixed.latency - fixed.lastCheck - gaps;
  // The dependency hint names the likely root cause: it keeps 16 columns before the sparkline
  // gets any, and the sparkline never takes more than 12.
  const rest = Math.max(0, restAfterFixed);
  const hint = Math.min(rest, Math.max(16, rest - 12));
  const spark = Math.min(12, rest - hint);
  return { name, ...fixed, spark, hint };
}

export type ColumnKey = keyof TableLayout;
export const COLUMN_TITLES: Record<ColumnKey, string> = { name: 'SERVICE', run: 'STATE', health: 'HEALTH', latency: 'LAT', lastCheck: 'AGE', spark: 'LATENCY', hint: 'DEPENDENCY' };
const ORDER: ColumnKey[] = ['name', 'run', 'health', 'latency', 'lastCheck', 'spark', 'hint'];

/** Each cell padded to its column; right-aligned numbers. Returned separately so the UI can colour one. */
export function layoutCells(cells: Record<ColumnKey, string>, layout: TableLayout, ellipsis: string): Record<ColumnKey, string> {
  const out = {} as Record<ColumnKey, string>;
  for (const key of ORDER) {
    const w = layout[key];
    out[key] = key === 'latency' || key === 'lastCheck' ? fitRight(cells[key], w) : fit(cells[key], w, ellipsis);
  }
  return out;
}

export const headerCells = (): Record<ColumnKey, string> => ({ ...COLUMN_TITLES });
export const COLUMN_ORDER = ORDER;
