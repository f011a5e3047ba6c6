// Live health per service for one environment. Written by the health monitor, read by the TUI
// and the headless status command through selectors.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ServiceHealth } from '../domain/health/health-model.js';

export const LATENCY_HISTORY = 30;

export interface HealthStoreState {
  environment: string;
  services: Record<string, ServiceHealth>;
  /** Recent latencies (ms, undefined for a failed check) per service, oldest first, bounded. */
  latencyHistory: Record<string, (number | undefined)[]>;
  /** Completed check cycles since start. */
  cycles: number;
  updatedAt?: number;
}

export interface HealthStoreActions {
  reset(environment: string, services: Record<string, ServiceHealth>): void;
  update(services: Record<string, ServiceHealth>, at: number): void;
}

export type HealthStore = StoreApi<HealthStoreState & HealthStoreActions>;

export function createHealthStore(environment = ''): HealthStore {
  return createStore<HealthStoreState & HealthStoreActions>()((set) => ({
    environment,
    services: {},
    latencyHistory: {},
    cycles: 0,
    reset: (env, services) => set({ environment: env, services, latencyHistory: {}, cycles: 0, updatedAt: undefined }),
    update: (services, at) =>
      set((s) => {
        const latencyHistory = { ...s.latencyHistory };
        for (const [name, h] of Object.entries(services)) {
          if (h.lastCheckAt === undefined || h.lastCheckAt === s.services[name]?.lastCheckAt) continue;
          const prev = latencyHistory[name] ?? [];
          latencyHistory[name] = [...prev, h.state === 'unhealthy' ? undefined : h.latencyMs].slice(-LATENCY_HISTORY);
        }
        return { services: { ...s.services, ...services }, latencyHistory, cycles: s.cycles + 1, updatedAt: at };
      }),
  }));
}
