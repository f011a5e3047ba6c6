// Disaster-recovery readiness from the run history: the age of the last successful backup
// (a `kind: backup` runbook) against the RPO, and the last successful restore — the last
// drill — its age and how long it took against the RTO. Per environment, and per service for
// services that declare their own objectives (backups about them, or about everything).
import type { RunStatus } from './run-summary.js';

export interface DrRun {
  kind: string;
  /** Services the runbook is about; empty: the whole environment. */
  services: readonly string[];
  status: RunStatus;
  dryRun: boolean;
  startedAt: number;
  finishedAt?: number;
  durationMs?: number;
}

export interface DrFigures {
  /** "environment" or the service's name. */
  scope: string;
  rpoMs?: number;
  rtoMs?: number;
  lastBackupAt?: number;
  backupAgeMs?: number;
  /** Undefined without an RPO; false also when there never was a backup. */
  backupWithinRpo?: boolean;
  lastRestoreAt?: number;
  restoreAgeMs?: number;
  restoreDurationMs?: number;
  restoreWithinRto?: boolean;
}

const ok = (r: DrRun) => r.status === 'succeeded' && !r.dryRun && r.finishedAt !== undefined;

export function drFigures(scope: string, objectives: { rpoMs?: number; rtoMs?: number }, runs: readonly DrRun[], now: number, service?: string): DrFigures {
  const about = (r: DrRun) => service === undefined || r.services.length === 0 || r.services.includes(service);
  const latest = (kind: string) => runs.filter((r) => r.kind === kind && ok(r) && about(r)).sort((a, b) => b.finishedAt! - a.finishedAt!)[0];
  const backup = latest('backup');
  const restore = latest('restore');
  const out: DrFigures = { scope, ...objectives };
  if (backup) Object.assign(out, { lastBackupAt: backup.finishedAt, backupAgeMs: now - backup.finishedAt! });
  if (restore) Object.assign(out, { lastRestoreAt: restore.finishedAt, restoreAgeMs: now - restore.finishedAt!, restoreDurationMs: restore.durationMs ?? restore.finishedAt! - restore.startedAt });
  if (objectives.rpoMs !== undefined) out.backupWithinRpo = out.backupAgeMs !== undefined && out.backupAgeMs <= objectives.rpoMs;
  if (objectives.rtoMs !== undefined) out.restoreWithinRto = out.restoreDurationMs !== undefined && out.restoreDurationMs <= objectives.rtoMs;
  return out;
}

/** The header's warning for a protected environment whose backup is older than its RPO. */
export function drWarning(f: DrFigures, fmt: (ms: number) => string): string | undefined {
  if (f.rpoMs === undefined || f.backupWithinRpo) return undefined;
  return f.backupAgeMs === undefined ? `NO BACKUP (RPO ${fmt(f.rpoMs)})` : `BACKUP ${fmt(f.backupAgeMs)} old > RPO ${fmt(f.rpoMs)}`;
}
