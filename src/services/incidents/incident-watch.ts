// A console's side of incidents: re-reads the open incidents of its profile and environment
// every couple of seconds (other consoles and shells write them), records the health changes
// of their affected services and those services' dependencies as its health store sees them,
// and records escalation hints as thresholds pass. Several consoles (and shells) may see the same
// change: the desk records it once.
import { observations } from './health-observer.js';
import type { HealthStore } from '../../state/health-store.js';
import { createIncidentStore, type IncidentStore } from '../../state/incident-store.js';
import { createIncidentDesk, type IncidentDesk, type IncidentDeskOptions } from './incident-desk.js';
import { errorMessage } from '../../domain/errors.js';

export interface IncidentWatch {
  readonly desk: IncidentDesk;
  readonly store: IncidentStore;
  /** Re-reads now (after this console wrote something). */
  refresh(): void;
  close(): void;
}

export interface IncidentWatchOptions extends IncidentDeskOptions {
  health: HealthStore;
  /** @default 2000 */
  intervalMs?: number;
  onError?: (message: string) => void;
}

export { watchedServices } from '../../domain/incident/health-record.js';

export function startIncidentWatch(o: IncidentWatchOptions): IncidentWatch {
  const desk = createIncidentDesk(o);
  const store = createIncidentStore();
  let closed = false;
  let failedOnce = false;

  // The console's own health monitor records too (health-observer.ts); recording here as well
  // makes the first entry of an incident started in this console immediate. The desk records
  // each change once, whoever offers it.
  const record = () => {
    const s = o.health.getState();
    return desk.recordHealthChanges(s.environment, observations(s.services, s.updatedAt ?? Date.now())) > 0;
  };

  const refresh = () => {
    if (closed) return;
    try {
      const env = o.health.getState().environment;
      let open = desk.open(env);
      if (open.length && record()) open = desk.open(env);
      store.getState().set(open);
    } catch (e) {
      if (!failedOnce) o.onError?.(`incidents: ${errorMessage(e)}`);
      failedOnce = true;
    }
  };

  const timer = setInterval(refresh, o.intervalMs ?? 2000);
  timer.unref?.();
  // A health change is recorded when it happens, not up to two seconds later.
  const unsubscribe = o.health.subscribe((s, prev) => {
    if (closed || store.getState().open.length === 0) return;
    if (s.services === prev.services) return;
    const changed = Object.keys(s.services).some((k) => s.services[k]!.state !== prev.services[k]?.state);
    if (changed) refresh();
  });
  refresh();
  return {
    desk,
    store,
    refresh,
    close() {
      closed = true;
      clearInterval(timer);
      unsubscribe();
    },
  };
}
