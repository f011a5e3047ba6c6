// One row of a service's instances panel as plain cells: pure, tested without Ink.
import type { ServiceInstance } from '../../domain/fleet/service-instance.js';
import { formatBytes } from '../../domain/fleet/container-stats.js';
import { fit, fitRight, formatAge } from './format.js';

export interface InstanceRowCells {
  host: string;
  /** The container's name; for an instance without one, what is wrong ("unreachable: ..."). */
  container: string;
  state: string;
  health: string;
  up: string;
  restarts: string;
  cpu: string;
  mem: string;
}

export type InstanceColumn = keyof InstanceRowCells;
export const INSTANCE_COLUMNS: InstanceColumn[] = ['host', 'container', 'state', 'health', 'up', 'restarts', 'cpu', 'mem'];
export const INSTANCE_TITLES: InstanceRowCells = { host: 'HOST', container: 'CONTAINER', state: 'STATE', health: 'HEALTH', up: 'UP', restarts: 'RESTARTS', cpu: 'CPU', mem: 'MEM' };
const RIGHT: readonly InstanceColumn[] = ['up', 'restarts', 'cpu', 'mem'];

export function instanceRowCells(i: ServiceInstance, now: number): InstanceRowCells {
  return {
    host: i.host ?? 'local',
    container: i.container ?? `${i.status}: ${i.problem ?? ''}`,
    state: i.status,
    health: i.health ?? (i.container ? '-' : ''),
    // Coarse ("3m", "2h"), like every age on screen: the row does not change every second.
    up: i.run === 'running' && i.startedAt && Date.parse(i.startedAt) > 0 ? formatAge(Date.parse(i.startedAt), now) : '-',
    restarts: i.restartCount === undefined ? '-' : String(i.restartCount),
    cpu: i.cpuPercent === undefined ? '-' : `${i.cpuPercent.toFixed(1)}%`,
    mem: i.memoryBytes === undefined || !Number.isFinite(i.memoryBytes) ? '-' : formatBytes(i.memoryBytes, 'compact'),
  };
}

/** Column widths for `width` columns (2 for the indent); the container column takes the rest. */
export function instanceLayout(width: number, instances: readonly ServiceInstance[]): Record<InstanceColumn, number> {
  const host = Math.min(14, Math.max(5, ...instances.map((i) => (i.host ?? 'local').length)));
  const fixed = { host, state: 11, health: 9, up: 5, restarts: 8, cpu: 6, mem: 5 };
  const used = 2 + Object.values(fixed).reduce((a, b) => a + b, 0) + INSTANCE_COLUMNS.length - 1;
  return { ...fixed, container: Math.max(9, width - used) };
}

/** Each cell fitted to its column, numbers right-aligned. */
export function layoutInstanceCells(cells: InstanceRowCells, widths: Record<InstanceColumn, number>, ellipsis: string): InstanceRowCells {
  const out = {} as InstanceRowCells;
  for (const k of INSTANCE_COLUMNS) out[k] = RIGHT.includes(k) ? fitRight(cells[k], widths[k]) : fit(cells[k], widths[k], ellipsis);
  return out;
}
