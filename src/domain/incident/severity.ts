// Severity targets: response, update cadence and resolution per P0–P3. Defaults come from the
// ops reference (incident classification: respond P0 15 min, P1 30 min, P2 2 h, P3 24 h;
// updates P0 every 15 min, P1 every 30 min, P2 daily, P3 weekly; resolution P0 1 h, P1 4 h,
// P2 24 h, P3 7 days); the profile's `incident.severities` overrides them field by field.
import { parseDuration } from '../duration.js';
import type { Severity } from './incident-events.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface SeverityTargets {
  severity: Severity;
  description: string;
  responseMs: number;
  updateEveryMs: number;
  resolveWithinMs: number;
}

export const DEFAULT_SEVERITIES: Record<Severity, SeverityTargets> = {
  P0: { severity: 'P0', description: 'critical: complete outage or data loss', responseMs: 15 * MIN, updateEveryMs: 15 * MIN, resolveWithinMs: HOUR },
  P1: { severity: 'P1', description: 'major: significant degradation', responseMs: 30 * MIN, updateEveryMs: 30 * MIN, resolveWithinMs: 4 * HOUR },
  P2: { severity: 'P2', description: 'moderate: limited impact, one service degraded', responseMs: 2 * HOUR, updateEveryMs: DAY, resolveWithinMs: DAY },
  P3: { severity: 'P3', description: 'minor: minimal impact', responseMs: DAY, updateEveryMs: 7 * DAY, resolveWithinMs: 7 * DAY },
};

export interface SeverityOverride {
  description?: string;
  response?: string | number;
  update_every?: string | number;
  resolve_within?: string | number;
}

const ms = (v: string | number | undefined, fallback: number): number => (v === undefined ? fallback : parseDuration(v) ?? fallback);

export function severityTargets(overrides: Partial<Record<Severity, SeverityOverride>> | undefined): Record<Severity, SeverityTargets> {
  const out = { ...DEFAULT_SEVERITIES };
  for (const [sev, o] of Object.entries(overrides ?? {}) as [Severity, SeverityOverride][]) {
    const d = DEFAULT_SEVERITIES[sev];
    out[sev] = { severity: sev, description: o.description ?? d.description, responseMs: ms(o.response, d.responseMs), updateEveryMs: ms(o.update_every, d.updateEveryMs), resolveWithinMs: ms(o.resolve_within, d.resolveWithinMs) };
  }
  return out;
}
