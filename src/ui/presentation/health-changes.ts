// A service's recent health changes from its bounded sample history: only transitions, newest
// first ("19:20:01 unhealthy  http: status 503").
import type { HealthSample } from '../../state/health-store.js';

export interface HealthChange {
  at: number;
  state: HealthSample['state'];
  reason?: string;
}

export function healthChanges(samples: readonly HealthSample[], limit: number): HealthChange[] {
  const out: HealthChange[] = [];
  let prev: HealthSample['state'] | undefined;
  for (const s of samples) {
    if (s.state !== prev) out.push({ at: s.at, state: s.state, reason: s.failing ? `${s.failing.check}: ${s.failing.error ?? 'failed'}` : undefined });
    prev = s.state;
  }
  return out.reverse().slice(0, limit);
}

/** Local wall-clock time, HH:MM:SS. */
export function clock(at: number): string {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}
