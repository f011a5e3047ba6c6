// Who follows which service's CPU and memory: one provider stream set per service however many
// screens ask, written into the health store's instance stats (serviceInstances() merges them),
// closed and dropped when the last one lets go or the environment changes.
import type { InstanceFigures } from '../../domain/fleet/container-stats.js';
import type { HealthStore, InstanceStats } from '../../state/health-store.js';

/** Starts the provider's stats stream for a service; false when its provider has none. */
export type StartStats = (onStats: (stats: InstanceFigures[]) => void, signal: AbortSignal) => boolean;

export interface StatsFollows {
  /** Follows `service` into the store until the returned release is called (idempotent). */
  follow(service: string, start: StartStats): () => void;
  /** Ends every follow (environment switch, dispose) and drops their figures. */
  closeAll(): void;
}

export function createStatsFollows(store: HealthStore): StatsFollows {
  const follows = new Map<string, { count: number; ac: AbortController }>();
  const end = (service: string): void => {
    follows.get(service)?.ac.abort();
    follows.delete(service);
    store.getState().replaceInstanceStats(service, undefined);
  };
  return {
    follow(service, start) {
      let f = follows.get(service);
      if (!f) {
        const ac = new AbortController();
        const write = (figures: InstanceFigures[]): void => {
          if (ac.signal.aborted) return;
          store.getState().replaceInstanceStats(service, Object.fromEntries(figures.map(({ instance, ...rest }): [string, InstanceStats] => [instance, rest])));
        };
        if (!start(write, ac.signal)) return () => undefined;
        follows.set(service, (f = { count: 0, ac }));
      }
      const mine = f;
      mine.count++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--mine.count === 0 && follows.get(service) === mine) end(service);
      };
    },
    closeAll() {
      for (const service of [...follows.keys()]) end(service);
    },
  };
}
