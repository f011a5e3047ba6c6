// CPU and memory of a container from the engine's stats samples, computed as `docker stats` does.
// Pure: a sample (the few fields of the Engine API's stats document that matter) in, figures out.
// The figures carry the field names of an instance record (ServiceInstance), which they join.

/** The figures an instance record (ServiceInstance) takes from the stats stream. */
export interface StatsFigures {
  /** Share of one CPU (100 = one core busy; up to 100 × cores); undefined until two samples exist. */
  cpuPercent?: number;
  /** Memory in use, page cache not counted (as `docker stats` shows it). */
  memoryBytes?: number;
  /** The container's memory limit, or the host's memory when it has none. */
  memoryLimitBytes?: number;
  /** When the engine read the sample, ms since epoch. */
  at: number;
}

/** A service instance's latest figures, by its name (ServiceInstance.name). */
export interface InstanceFigures extends StatsFigures {
  instance: string;
}

/** What a container uses, from its latest stats sample. */
export interface ContainerStats {
  containerId: string;
  /** The container's name, when the follower knows it. */
  container?: string;
  /** Share of one CPU (100 = one core busy; up to 100 × cores); undefined until two samples exist. */
  cpuPercent?: number;
  /** Memory in use, page cache not counted (as `docker stats` shows it). */
  memoryBytes?: number;
  /** The container's memory limit, or the host's memory when it has none. */
  memoryLimitBytes?: number;
  /** When the engine read the sample, ms since epoch. */
  at: number;
}

interface CpuFigures {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** The part of a stats document (GET /containers/{id}/stats) this module reads. */
export interface StatsSample {
  read?: string;
  cpu_stats?: CpuFigures;
  precpu_stats?: CpuFigures;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number | undefined> };
}

/** The CPU counters of a sample, kept to compute the next sample's share when its precpu is empty. */
export interface CpuCounters {
  total: number;
  system: number;
}

export function cpuCounters(sample: StatsSample): CpuCounters | undefined {
  const total = sample.cpu_stats?.cpu_usage?.total_usage;
  const system = sample.cpu_stats?.system_cpu_usage;
  return typeof total === 'number' && typeof system === 'number' && system > 0 ? { total, system } : undefined;
}

/**
 * Figures of one sample. `previous`: counters of the sample before it from the same stream, used
 * when the engine left `precpu_stats` empty (the first sample of a stream).
 */
export function statsFromSample(containerId: string, sample: StatsSample, previous?: CpuCounters, now = Date.now(), container?: string): ContainerStats {
  const read = sample.read ? Date.parse(sample.read) : NaN;
  return {
    containerId,
    ...(container ? { container } : {}),
    cpuPercent: cpuPercent(sample, previous),
    ...memory(sample),
    at: Number.isFinite(read) && read > 0 ? read : now,
  };
}

function cpuPercent(sample: StatsSample, previous?: CpuCounters): number | undefined {
  const now = cpuCounters(sample);
  if (!now) return undefined;
  const preTotal = sample.precpu_stats?.cpu_usage?.total_usage;
  const preSystem = sample.precpu_stats?.system_cpu_usage;
  const before = typeof preTotal === 'number' && typeof preSystem === 'number' && preSystem > 0 ? { total: preTotal, system: preSystem } : previous;
  if (!before) return undefined;
  const cpuDelta = now.total - before.total;
  const systemDelta = now.system - before.system;
  if (systemDelta <= 0 || cpuDelta < 0) return undefined;
  const cpus = sample.cpu_stats?.online_cpus || sample.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
  return round((cpuDelta / systemDelta) * cpus * 100, 2);
}

function memory(sample: StatsSample): Pick<ContainerStats, 'memoryBytes' | 'memoryLimitBytes'> {
  const m = sample.memory_stats;
  if (!m || typeof m.usage !== 'number') return {};
  // docker stats: usage minus the inactive page cache (cgroup v1: total_inactive_file; v2: inactive_file).
  const cache = m.stats?.total_inactive_file ?? m.stats?.inactive_file ?? 0;
  const used = cache < m.usage ? m.usage - cache : m.usage;
  return { memoryBytes: used, ...(typeof m.limit === 'number' && m.limit > 0 ? { memoryLimitBytes: m.limit } : {}) };
}

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * "1.5 MiB", "512 B", "7.6 GiB": binary units, as `docker stats` prints them; `compact`
 * ("1.5M", "512B", "64M") for a narrow column.
 */
export function formatBytes(n: number, style: 'docker' | 'compact' = 'docker'): string {
  const units = style === 'compact' ? ['B', 'K', 'M', 'G', 'T'] : ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const value = i === 0 || v >= 10 ? String(Math.round(v)) : v.toFixed(1);
  return style === 'compact' ? `${value}${units[i]}` : `${value} ${units[i]}`;
}

/** "cpu 0.4% · mem 1.2 MiB / 7.6 GiB"; parts not measured yet read "-". */
export function describeStats(s: Pick<ContainerStats, 'cpuPercent' | 'memoryBytes' | 'memoryLimitBytes'> | undefined): string {
  const cpu = s?.cpuPercent === undefined ? '-' : `${s.cpuPercent < 10 ? s.cpuPercent.toFixed(1) : Math.round(s.cpuPercent)}%`;
  const mem = s?.memoryBytes === undefined ? '-' : `${formatBytes(s.memoryBytes)}${s.memoryLimitBytes ? ` / ${formatBytes(s.memoryLimitBytes)}` : ''}`;
  return `cpu ${cpu} · mem ${mem}`;
}
