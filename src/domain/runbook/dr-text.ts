// DR figures in words (status, the header) and as JSON (ISO times, integer ms).
import { formatDuration } from '../duration.js';
import type { DrFigures } from './dr-readiness.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function drJson(f: DrFigures) {
  return {
    scope: f.scope,
    rpoMs: f.rpoMs ?? null,
    rtoMs: f.rtoMs ?? null,
    lastBackupAt: iso(f.lastBackupAt),
    backupAgeMs: f.backupAgeMs ?? null,
    backupWithinRpo: f.backupWithinRpo ?? null,
    lastRestoreAt: iso(f.lastRestoreAt),
    restoreAgeMs: f.restoreAgeMs ?? null,
    restoreDurationMs: f.restoreDurationMs ?? null,
    restoreWithinRto: f.restoreWithinRto ?? null,
  };
}

/** "DR environment: backup 3h05m old (RPO 24h00m: ok) · last restore 2d ago took 4m10s (RTO 1h00m: ok)". */
export function drLine(f: DrFigures): string | undefined {
  if (f.rpoMs === undefined && f.rtoMs === undefined) return undefined;
  const verdict = (okay: boolean | undefined) => (okay === undefined ? '' : okay ? ': ok' : ': NOT MET');
  const backup = f.backupAgeMs === undefined ? 'no successful backup' : `backup ${formatDuration(f.backupAgeMs)} old`;
  const restore = f.restoreDurationMs === undefined ? 'no successful restore (no drill)' : `last restore ${formatDuration(f.restoreAgeMs ?? 0)} ago took ${formatDuration(f.restoreDurationMs)}`;
  return `DR ${f.scope}: ${backup}${f.rpoMs !== undefined ? ` (RPO ${formatDuration(f.rpoMs)}${verdict(f.backupWithinRpo)})` : ''} · ${restore}${f.rtoMs !== undefined ? ` (RTO ${formatDuration(f.rtoMs)}${verdict(f.restoreWithinRto)})` : ''}`;
}
