// A console's side of incidents: re-reads the open incidents of its profile and environment
// every couple of seconds (other consoles and shells write them), records the health changes
// of their affected services and those services' dependencies as its health store sees them,
// and records escalation hints as thresholds pass. Several consoles may record the same change;
// the fold drops the repeats.
import type { Profile } from '../../domain/profile/profile-model.js';
import type { Incident } from '../../domain/incident/incident-fold.js';
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

/** The services whose health belongs in the incident: the affected ones and everything they depend on. */
export function watchedServices(profile: Profile, affected: readonly string[]): Set<string> {
  const out = new Set<string>();
  const visit = (name: string) => {
    if (out.has(name) || !profile.services[name]) return;
    out.add(name);
    for (const d of profile.services[name]!.dependsOn) visit(d);
  };
  affected.forEach(visit);
  return out;
}

export function startIncidentWatch(o: IncidentWatchOptions): IncidentWatch {
  const desk = createIncidentDesk(o);
  const store = createIncidentStore();
  let closed = false;
  let failedOnce = false;

  const lastRecorded = (inc: Incident, service: string): string | undefined => {
    for (let i = inc.timeline.length - 1; i >= 0; i--) {
      const t = inc.timeline[i]!;
      if (t.kind === 'health' && t.service === service) return t.state;
    }
    return undefined;
  };

  const record = (open: readonly Incident[]) => {
    const services = o.health.getState().services;
    let wrote = false;
    for (const inc of open) {
      for (const name of watchedServices(o.profile, inc.services.length ? inc.services : Object.keys(o.profile.services))) {
        const h = services[name];
        if (!h || h.state === 'unknown') continue;
        if (lastRecorded(inc, name) === h.state) continue;
        const bad = h.checks.find((c) => !c.ok);
        const detail = h.state === 'healthy' ? undefined : bad?.error ? `${bad.check}: ${bad.error}` : h.rootCause ? `root cause ${h.rootCause}` : h.blockedBy.length ? `blocked by ${h.blockedBy.join(', ')}` : undefined;
        desk.recordHealth(inc.id, name, h.state, detail);
        wrote = true;
      }
    }
    return wrote;
  };

  const refresh = () => {
    if (closed) return;
    try {
      const env = o.health.getState().environment;
      let open = desk.open(env);
      if (record(open)) open = desk.open(env);
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
