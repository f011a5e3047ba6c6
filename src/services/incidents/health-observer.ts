// Health changes belong in an open incident whichever opsdeck process saw them: the console, a
// `status` (or `status --watch`) in a shell, a lifecycle command waiting for health, a runbook's
// guard in its detached runner. Every health monitor made by createHealthMonitor hands its
// snapshots here; they are offered to the open incidents of the monitor's environment when a
// state changed (or every couple of seconds, for an incident opened meanwhile). The desk records
// each change once across processes (incident-desk.ts, under the incident's lock).
import type { Profile } from '../../domain/profile/profile-model.js';
import type { ServiceHealth } from '../../domain/health/health-model.js';
import type { HealthObservation } from '../../domain/incident/health-record.js';
import { anyIncidents } from '../../adapters/fs/incident-store.js';
import { errorMessage } from '../../domain/errors.js';
import { createIncidentDesk, type IncidentDesk } from './incident-desk.js';

/** What failed, in words, for the timeline ("http#1: status 503", "root cause store"). */
export function healthDetail(h: ServiceHealth): string | undefined {
  if (h.state === 'healthy') return undefined;
  const bad = h.checks.find((c) => !c.ok);
  return bad?.error ? `${bad.check}: ${bad.error}` : h.rootCause ? `root cause ${h.rootCause}` : h.blockedBy.length ? `blocked by ${h.blockedBy.join(', ')}` : undefined;
}

export function observations(services: Readonly<Record<string, ServiceHealth>>, at: number): HealthObservation[] {
  return Object.values(services).map((h) => ({ service: h.service, state: h.state, at, ...(healthDetail(h) ? { detail: healthDetail(h) } : {}) }));
}

export interface HealthObserverOptions {
  profile: Profile;
  environment: string;
  /** Whose state dir holds the incidents. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Without a change, offer again after this long (an incident may have been opened). @default 2000 */
  recheckMs?: number;
  /** Told once when recording fails (health checking goes on regardless). */
  onError?: (message: string) => void;
}

export function incidentHealthObserver(o: HealthObserverOptions): (services: Readonly<Record<string, ServiceHealth>>, at: number) => void {
  const env = o.env ?? process.env;
  let desk: IncidentDesk | undefined;
  const offered = new Map<string, string>();
  let lastOffer = -Infinity;
  let failedOnce = false;
  return (services, at) => {
    const changed = Object.values(services).some((h) => offered.get(h.service) !== h.state);
    if (!changed && at - lastOffer < (o.recheckMs ?? 2000)) return;
    lastOffer = at;
    for (const h of Object.values(services)) offered.set(h.service, h.state);
    try {
      if (!anyIncidents(env)) return;
      desk ??= createIncidentDesk({ profile: o.profile, env });
      desk.recordHealthChanges(o.environment, observations(services, at));
    } catch (e) {
      if (!failedOnce) o.onError?.(`incidents: health not recorded: ${errorMessage(e)}`);
      failedOnce = true;
    }
  };
}
