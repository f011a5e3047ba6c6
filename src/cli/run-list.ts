// Runs as table lines for history / attach / resume (plain text, no colour needed).
import type { RunListing } from '../services/runs/run-history.js';
import { formatDuration } from '../domain/duration.js';

export function runState(r: RunListing): string {
  if (r.live === 'finished') return r.summary.status + (r.summary.rolledBack ? ' (rolled back)' : '');
  return r.live === 'waiting' ? 'WAITING for an operator' : r.live === 'running' ? 'running' : 'INTERRUPTED (runner died)';
}

export function runJson(r: RunListing) {
  const s = r.summary;
  return {
    id: s.runId,
    runbook: s.runbook,
    profile: s.profile,
    environment: s.environment,
    outcome: r.live === 'finished' ? s.status : r.live,
    dryRun: s.dryRun,
    startedAt: new Date(s.startedAt).toISOString(),
    durationMs: s.durationMs ?? null,
    who: `${s.user}@${s.host}`,
    changeRef: s.changeRef ?? null,
  };
}

export function runListLines(runs: RunListing[]): string[] {
  // A state dir shared by several profiles: each run says whose it is.
  const profiles = new Set(runs.map((r) => runJson(r).profile));
  const withProfile = profiles.size > 1;
  const rows = runs.map((r) => {
    const j = runJson(r);
    const env = withProfile ? `${j.profile}/${j.environment}` : j.environment;
    return [j.id, j.runbook, env, runState(r) + (j.dryRun ? ' [dry run]' : ''), j.startedAt.replace('T', ' ').slice(0, 19), formatDuration(j.durationMs ?? 0), j.who];
  });
  const head = ['RUN', 'RUNBOOK', withProfile ? 'PROFILE/ENV' : 'ENV', 'OUTCOME', 'STARTED (UTC)', 'DURATION', 'WHO'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
}
