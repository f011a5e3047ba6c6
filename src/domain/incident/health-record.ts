// Which health observations an open incident should record: the states of its affected
// services and everything they depend on (all services when it names none), each only when it
// differs from the state last recorded for that service and is newer than that record. Pure:
// the caller reads the incident and appends what this returns, under the incident's lock, so
// that of several processes seeing the same change exactly one records it.
import type { Profile } from '../profile/profile-model.js';
import type { Incident } from './incident-fold.js';

export interface HealthObservation {
  service: string;
  state: string;
  /** What failed ("http#1: status 503"), for a state other than healthy. */
  detail?: string;
  /** When it was observed (ms since epoch). */
  at: number;
}

/** The services whose health belongs in the incident: the affected ones and everything they depend on. */
export function watchedServices(profile: Profile, affected: readonly string[]): Set<string> {
  const out = new Set<string>();
  const visit = (name: string) => {
    if (out.has(name) || !profile.services[name]) return;
    out.add(name);
    for (const d of profile.services[name]!.dependsOn) visit(d);
  };
  (affected.length ? affected : Object.keys(profile.services)).forEach(visit);
  return out;
}

/** The observations `inc` has not recorded yet, in the order given. */
export function healthToRecord(profile: Profile, inc: Incident, observed: readonly HealthObservation[]): HealthObservation[] {
  if (inc.resolvedAt !== undefined) return [];
  const watched = watchedServices(profile, inc.services);
  const last = new Map<string, { state: string; at: number }>();
  for (const t of inc.timeline) if (t.kind === 'health' && t.service) last.set(t.service, { state: t.state!, at: t.at });
  const out: HealthObservation[] = [];
  for (const o of observed) {
    if (!watched.has(o.service) || o.state === 'unknown') continue;
    const prev = last.get(o.service);
    // The same state, or an observation older than what is recorded (a slower process): nothing new.
    if (prev && (prev.state === o.state || prev.at >= o.at)) continue;
    out.push(o);
    last.set(o.service, { state: o.state, at: o.at });
  }
  return out;
}
