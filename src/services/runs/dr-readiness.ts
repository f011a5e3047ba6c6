// DR figures of an environment (and of its services with their own rpo/rto) from this host's
// run history: which runs were backups and restores comes from the runbooks' `kind`.
import type { Environment, Profile } from '../../domain/profile/profile-model.js';
import { drFigures, type DrFigures, type DrRun } from '../../domain/runbook/dr-readiness.js';
import { loadRunbooks } from '../../adapters/fs/runbook-loader.js';
import { listRuns } from './run-history.js';

export interface DrReport {
  environment: DrFigures;
  services: DrFigures[];
}

export function drReport(opsRoot: string, profile: Profile, environment: Environment, env: NodeJS.ProcessEnv = process.env, now = Date.now()): DrReport {
  const kinds = new Map<string, { kind: string; services: string[] }>();
  try {
    for (const r of loadRunbooks(opsRoot, profile)) if (r.runbook) kinds.set(r.runbook.name, { kind: r.runbook.kind, services: r.runbook.services });
  } catch {
    /* no runbooks: no figures */
  }
  const runs: DrRun[] = listRuns(env)
    .map((l) => l.summary)
    .filter((s) => s.profile === profile.name && s.environment === environment.name && kinds.has(s.runbook))
    .map((s) => ({ ...kinds.get(s.runbook)!, status: s.status, dryRun: s.dryRun, startedAt: s.startedAt, finishedAt: s.finishedAt, durationMs: s.durationMs }));
  const now_ = now;
  return {
    environment: drFigures('environment', { rpoMs: environment.rpoMs, rtoMs: environment.rtoMs }, runs, now_),
    services: Object.values(profile.services)
      .filter((s) => s.rpoMs !== undefined || s.rtoMs !== undefined)
      .map((s) => drFigures(s.name, { rpoMs: s.rpoMs, rtoMs: s.rtoMs }, runs, now_, s.name)),
  };
}
