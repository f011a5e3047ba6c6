// Live health per service for one environment. Written by the health monitor, read by the TUI
// and the headless status command through selectors.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ServiceHealth } from '../domain/health/health-model.js';
import type { ServiceInstance } from '../domain/fleet/service-instance.js';

/** CPU and memory of one instance, from the engine's stats stream. */
export type InstanceStats = Pick<ServiceInstance, 'cpuPercent' | 'memoryBytes' | 'memoryLimitBytes'> & { at: number };

export const LATENCY_HISTORY = 30;
export const RESULT_HISTORY = 60;

/** One recorded health change or check round of a service, for its history view. */
export interface HealthSample {
  at: number;
  state: ServiceHealth['state'];
  latencyMs?: number;
  /** The first failing check and its error, when one failed. */
  failing?: { check: string; error?: string };
}

export interface HealthStoreState {
  environment: string;
  services: Record<string, ServiceHealth>;
  /** Recent latencies (ms, undefined for a failed check) per service, oldest first, bounded. */
  latencyHistory: Record<string, (number | undefined)[]>;
  /** Recent results per service (state, latency, first failure), oldest first, bounded. */
  history: Record<string, HealthSample[]>;
  /** Live feeds that are down, by feed ("docker"): what the operator should know, e.g. "Docker events lost: ...". */
  notices: Record<string, string>;
  /**
   * Stats per service, per instance name (ServiceHealth.instances[].name): written by whoever
   * follows the stats stream, apart from the monitor's flushes; read with serviceInstances().
   */
  instanceStats: Record<string, Record<string, InstanceStats>>;
  /** Completed check cycles since start. */
  cycles: number;
  updatedAt?: number;
}

export interface HealthStoreActions {
  reset(environment: string, services: Record<string, ServiceHealth>): void;
  update(services: Record<string, ServiceHealth>, at: number): void;
  /** Sets or (undefined) clears a feed's notice. */
  setNotice(feed: string, text: string | undefined): void;
  /** Sets or (undefined) clears one instance's stats. */
  setInstanceStats(service: string, instance: string, stats: InstanceStats | undefined): void;
  /** Replaces (or, undefined, drops) every instance's stats of a service at once: one update per batch. */
  replaceInstanceStats(service: string, stats: Record<string, InstanceStats> | undefined): void;
}

export type HealthStore = StoreApi<HealthStoreState & HealthStoreActions>;

export function createHealthStore(environment = ''): HealthStore {
  return createStore<HealthStoreState & HealthStoreActions>()((set) => ({
    environment,
    services: {},
    latencyHistory: {},
    history: {},
    notices: {},
    instanceStats: {},
    cycles: 0,
    reset: (env, services) => set({ environment: env, services, latencyHistory: {}, history: {}, notices: {}, instanceStats: {}, cycles: 0, updatedAt: undefined }),
    setInstanceStats: (service, instance, stats) =>
      set((s) => {
        const { [instance]: _old, ...rest } = s.instanceStats[service] ?? {};
        return { instanceStats: { ...s.instanceStats, [service]: stats ? { ...rest, [instance]: stats } : rest } };
      }),
    replaceInstanceStats: (service, stats) =>
      set((s) => {
        if (!stats && !(service in s.instanceStats)) return s;
        const { [service]: _old, ...rest } = s.instanceStats;
        return { instanceStats: stats ? { ...rest, [service]: stats } : rest };
      }),
    setNotice: (feed, text) =>
      set((s) => {
        if (s.notices[feed] === text) return s;
        const { [feed]: _old, ...rest } = s.notices;
        return { notices: text === undefined ? rest : { ...rest, [feed]: text } };
      }),
    update: (services, at) =>
      set((s) => {
        const latencyHistory = { ...s.latencyHistory };
        const history = { ...s.history };
        for (const [name, h] of Object.entries(services)) {
          if (h.lastCheckAt === undefined || h.lastCheckAt === s.services[name]?.lastCheckAt) continue;
          const prev = latencyHistory[name] ?? [];
          // undefined: a failure (×); NaN: healthy but nothing measured a latency (a container with no checks).
          latencyHistory[name] = [...prev, h.state === 'unhealthy' ? undefined : (h.latencyMs ?? Number.NaN)].slice(-LATENCY_HISTORY);
          const bad = h.checks.find((c) => !c.ok);
          const sample: HealthSample = { at: h.lastCheckAt, state: h.state, latencyMs: h.latencyMs, ...(bad ? { failing: { check: bad.check, error: bad.error } } : {}) };
          history[name] = [...(history[name] ?? []), sample].slice(-RESULT_HISTORY);
        }
        return { services: { ...s.services, ...services }, latencyHistory, history, cycles: s.cycles + 1, updatedAt: at };
      }),
  }));
}

/** A service's instances with their stats (cpuPercent, memoryBytes) where known; [] when it has none. */
export function serviceInstances(s: Pick<HealthStoreState, 'services' | 'instanceStats'>, service: string): ServiceInstance[] {
  return withStats(s.services[service]?.instances ?? [], s.instanceStats[service]);
}

/** Instances with the stats recorded for them merged in. */
export function withStats(instances: readonly ServiceInstance[], stats: Readonly<Record<string, InstanceStats>> = {}): ServiceInstance[] {
  return instances.map((i) => {
    const st = stats[i.name];
    if (!st) return i;
    const { at: _at, ...figures } = st;
    return { ...i, ...Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== undefined)) };
  });
}
