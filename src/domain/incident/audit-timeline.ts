// What the audit log says happened while an incident was open: service actions, runbook runs and
// their step outcomes, from any console or CLI process on the host (they all write the audit
// log). Pure: the caller reads the entries; this picks and words the ones that belong.

import type { AuditEntry } from '../audit/audit-chain.js';
import type { TimelineEntry } from './incident-events.js';

/** The audit fields this needs (entries carry more: hashes, sequence numbers…). */
export type AuditLike = Pick<AuditEntry, 'ts' | 'action'> & Partial<Pick<AuditEntry, 'user' | 'host' | 'profile' | 'environment' | 'runbook' | 'runId' | 'step' | 'command' | 'outcome' | 'detail'>>;

export interface AuditWindow {
  profile: string;
  environment: string;
  from: number;
  /** Open incident: undefined (up to now). */
  to?: number;
}

const FAILED = new Set(['failed', 'stopped', 'aborted', 'timed-out', 'rolled-back', 'interrupted', 'refused']);

export function auditTimeline(entries: Iterable<AuditLike>, w: AuditWindow): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of entries) {
    if (e.profile !== w.profile || (e.environment !== undefined && e.environment !== w.environment)) continue;
    const at = Date.parse(e.ts);
    if (!(at >= w.from) || (w.to !== undefined && at > w.to)) continue;
    const entry = toEntry(e, at);
    if (entry) out.push(entry);
  }
  return out;
}

function toEntry(e: AuditLike, at: number): TimelineEntry | undefined {
  const by = e.user ? `${e.user}${e.host ? `@${e.host}` : ''}` : 'unknown';
  const alert = e.outcome !== undefined && FAILED.has(e.outcome);
  if (e.action.startsWith('service.')) {
    // "started" is followed by the outcome; the outcome alone says what was done and how it went.
    if (e.outcome === 'started') return undefined;
    const what = e.command ?? `${e.action.slice(8)}`;
    return { at, by, kind: 'action', alert, text: `${what}: ${e.outcome ?? 'done'}${e.detail ? ` (${e.detail})` : ''}` };
  }
  const run = e.runId ? { runId: e.runId } : {};
  switch (e.action) {
    case 'run.start':
      return { at, by, kind: 'run', ...run, text: `runbook ${e.runbook ?? '?'} started (run ${e.runId ?? '?'})${e.detail === 'dry run' ? ', dry run' : ''}` };
    case 'step.finish':
    case 'rollback.finish':
      return { at, by, kind: 'step', ...run, alert, text: `${e.runbook ?? ''} ${e.action === 'rollback.finish' ? 'rollback of ' : ''}step ${e.step ?? '?'}: ${e.outcome ?? '?'}${e.detail ? ` (${e.detail})` : ''}`.trim() };
    case 'failure.decision':
      return { at, by, kind: 'step', ...run, text: `${e.runbook ?? ''} after the failure of ${e.step ?? '?'}: ${e.outcome ?? '?'}`.trim() };
    case 'run.finish':
      return { at, by, kind: 'run', ...run, alert, text: `runbook ${e.runbook ?? '?'} ${e.outcome ?? 'finished'} (run ${e.runId ?? '?'})${e.detail ? `: ${e.detail}` : ''}` };
    case 'maintenance.start':
      return { at, by, kind: 'action', text: `maintenance window opened${e.detail ? `: ${e.detail}` : ''}` };
    default:
      return undefined;
  }
}
